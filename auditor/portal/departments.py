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
    department_prefixes:
      北京市: [市, '']       # '北京市档案局' is '市档案局', '北京市市气象局' is '市气象局'

A row under a declared bucket is re-attributed when the pattern finds a name in
one of the fields (the `department` group, else the first group), else it stays
unattributed: counted apart, never ranked as a department. Aliases fold the
spellings of one department (full and short names) into one row.

Prefixes are the general form of the commonest alias: the city's full name
written before a department's short name. A name with a declared prefix is
folded into the name with the prefix replaced (each replacement in turn) only
when the catalogue itself also names that department so; otherwise it stays as
written, since '北京市东城区体育局' is a district's bureau, not a '市' one.
"""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError
from ..metadata import Metadata
from .labels import normalise_label

DECLARED, REATTRIBUTED, UNATTRIBUTED, MISSING = "declared", "re-attributed", "unattributed", "missing"
FIELDS = ("description", "title")
# '由市教委的提供' (sic): a stray 的 before the verb is not part of the name
DEFAULT_PATTERN = r"该数据(?:集)?(?:是|为)?由?(?P<department>[^，,。；;\s]{2,30}?)的?(?:提供|发布|负责)"


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
    prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # full prefix -> its short forms

    @classmethod
    def from_profile(cls, extra: dict[str, Any]) -> DepartmentRules:
        rules = cls()
        for item in extra.get("non_departments") or []:
            item = {"name": item} if isinstance(item, str) else item
            if not isinstance(item, dict) or not normalise_label(item.get("name")):
                raise UsageError.of("err.dept_bucket_name")
            fields = tuple(item.get("attribute_from") or ())
            unknown = [f for f in fields if f not in FIELDS]
            if unknown:
                raise UsageError.of("err.dept_attribute_from", fields=", ".join(FIELDS), unknown=unknown)
            try:
                pattern = re.compile(item.get("pattern") or DEFAULT_PATTERN) if fields else None
            except re.error as exc:
                raise UsageError.of("err.dept_pattern", name=repr(item["name"]), error=exc) from None
            name = normalise_label(item["name"]) or ""
            rules.buckets[name] = _Bucket(name, fields, pattern)
        aliases = extra.get("department_aliases") or {}
        if not isinstance(aliases, dict):
            raise UsageError.of("err.dept_aliases")
        rules.aliases = {normalise_label(k) or "": normalise_label(v) or "" for k, v in aliases.items()}
        prefixes = extra.get("department_prefixes") or {}
        if not isinstance(prefixes, dict):
            raise UsageError.of("err.dept_prefixes")
        for prefix, shorts in prefixes.items():
            shorts = [shorts] if isinstance(shorts, str) or shorts is None else shorts
            if not normalise_label(prefix) or not isinstance(shorts, list) or \
                    not all(isinstance(s, str) or s is None for s in shorts):
                raise UsageError.of("err.dept_prefix_forms", prefix=repr(prefix))
            rules.prefixes[normalise_label(prefix) or ""] = tuple(s or "" for s in shorts)
        return rules

    def folds(self, names: Collection[str]) -> dict[str, str]:
        """{spelling: department} for the names written with a declared prefix whose short form the
        catalogue also uses ('北京市档案局' -> '市档案局' when '市档案局' is one of `names`)."""
        out: dict[str, str] = {}
        for name in names:
            for prefix, shorts in self.prefixes.items():
                rest = name[len(prefix):] if name.startswith(prefix) else ""
                target = next((s + rest for s in shorts if rest and s + rest != name and s + rest in names), None)
                if target:
                    out[name] = target
                    break
        return {name: out.get(target, target) for name, target in out.items()}

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
