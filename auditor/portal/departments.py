"""Which department published a dataset, as a careful surveyor would count it.

Catalogues file some datasets under labels that are not departments: Beijing's
`往年开放数据` (the archive of earlier years, 47% of its export) or `无障碍专题`
(a topic). Counted raw they top the seed's Table 7. A city profile declares such
buckets and where the real publisher is named instead:

    non_departments:
      - name: 往年开放数据
        attribute_from: [description, title]        # fields searched, in order
        pattern: '该数据(?:集)?(?:是|为)?由?(?P<department>[^，,。]{2,30}?)(?:提供|发布)'
    department_aliases:
      北京市水务局: 市水务局

A row under a declared bucket is re-attributed when the pattern finds a name in
one of the fields (the `department` group, else the first group), else it stays
unattributed: counted apart, never ranked as a department. Aliases fold the
spellings of one department (full and short names) into one row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError
from ..metadata import Metadata
from .labels import normalise_label

DECLARED, REATTRIBUTED, UNATTRIBUTED, MISSING = "declared", "re-attributed", "unattributed", "missing"
FIELDS = ("description", "title")
DEFAULT_PATTERN = r"该数据(?:集)?(?:是|为)?由?(?P<department>[^，,。；;\s]{2,30}?)(?:提供|发布|负责)"


@dataclass(frozen=True)
class _Bucket:
    name: str
    fields: tuple[str, ...]
    pattern: re.Pattern | None


@dataclass
class DepartmentRules:
    """The profile's `non_departments` and `department_aliases`, ready to apply."""

    buckets: dict[str, _Bucket] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_profile(cls, extra: dict[str, Any]) -> DepartmentRules:
        rules = cls()
        for item in extra.get("non_departments") or []:
            item = {"name": item} if isinstance(item, str) else item
            if not isinstance(item, dict) or not normalise_label(item.get("name")):
                raise UsageError("profile: each non_departments entry needs a name")
            fields = tuple(item.get("attribute_from") or ())
            unknown = [f for f in fields if f not in FIELDS]
            if unknown:
                raise UsageError(f"profile: non_departments attribute_from takes {', '.join(FIELDS)}, not {unknown}")
            try:
                pattern = re.compile(item.get("pattern") or DEFAULT_PATTERN) if fields else None
            except re.error as exc:
                raise UsageError(f"profile: non_departments pattern for {item['name']!r}: {exc}") from None
            name = normalise_label(item["name"]) or ""
            rules.buckets[name] = _Bucket(name, fields, pattern)
        aliases = extra.get("department_aliases") or {}
        if not isinstance(aliases, dict):
            raise UsageError("profile: department_aliases maps a spelling to the department's name")
        rules.aliases = {normalise_label(k) or "": normalise_label(v) or "" for k, v in aliases.items()}
        return rules

    def canonical(self, name: str | None) -> str | None:
        label = normalise_label(name)
        return self.aliases.get(label, label) if label else None

    def attribute(self, meta: Metadata) -> tuple[str | None, str]:
        """(department, how): how is declared, re-attributed, unattributed or missing."""
        label = normalise_label(meta.publisher)
        if label is None:
            return None, MISSING
        bucket = self.buckets.get(label)
        if bucket is None:
            return self.canonical(label), DECLARED
        for name in bucket.fields:
            found = bucket.pattern.search(getattr(meta, name) or "") if bucket.pattern else None
            if found:
                groups = found.groupdict()
                named = groups.get("department") or (found.group(1) if found.groups() else found.group(0))
                department = self.canonical(named)
                if department and department not in self.buckets:
                    return department, REATTRIBUTED
        return None, UNATTRIBUTED
