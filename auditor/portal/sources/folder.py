"""A local folder of data files with their sidecars, read as a portal.

The same discovery as `audit check` (sidecars, datapackage.json), so a
department's publishing folder can get the scorecard its portal would. Each
file is one dataset; metadata-only mode sniffs its format from the content
(cheap: the first bytes) and judges the sidecar; download mode audits the file.
"""
from __future__ import annotations

import os
from collections.abc import Iterator

from ...discovery import Selection
from ...loaders import detect_format
from ...metadata import Metadata
from ...targets import collect_targets
from ..entry import Entry, Failure
from .base import Source


class FolderSource(Source):
    kind = "folder"

    def entries(self) -> Iterator[Entry | Failure]:
        targets = collect_targets([self.location], None, Selection(documents=True))
        self.facts["declared_total"] = len(targets)
        for target in targets:
            meta = target.metadata or Metadata()
            relative = os.path.relpath(target.path, self.location)
            if not meta.distributions:
                meta.distributions = [{"url": relative, "format": detect_format(target.path),
                                       "media_type": None, "title": os.path.basename(target.path)}]
            yield Entry(id=relative, source=target.source, metadata=meta, local_file=target.path,
                        base=os.path.abspath(self.location), problems=list(target.metadata_problems))
