"""YAML for untrusted sidecars and profiles: no tags, few aliases (issue 12).

`yaml.safe_load` already refuses Python objects, but it still expands aliases:
ten nested anchors of nine references each ("billion laughs") compose into a
structure that flattening turns into gigabytes. This loader counts alias uses
while composing and refuses any explicit tag (`!!python/...`, `!custom`, even
`!!str`): metadata never needs them, and refusing is clearer than guessing.
"""
from __future__ import annotations

from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

from .budget import current
from .i18n import Text


class Refused(ValueError):
    """The YAML uses a construct we do not load; the message says which, and where
    (`reason`: the same in either language)."""

    @property
    def reason(self) -> Text:
        return self.args[0]


class _BoundedLoader(yaml.SafeLoader):
    def __init__(self, stream):
        super().__init__(stream)
        self.aliases = 0
        self.max_aliases = current().limits.yaml_aliases

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, AliasEvent):
            self.aliases += 1
            if self.aliases > self.max_aliases:
                raise Refused(Text("why.yaml_aliases", limit=self.max_aliases, line=line))
        elif isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.tag is not None:
            raise Refused(Text("why.yaml_tag", line=line))
        return super().compose_node(parent, index)


def load(text: str) -> Any:
    """Parse one YAML document with the bounds above; raises Refused or yaml.YAMLError."""
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
