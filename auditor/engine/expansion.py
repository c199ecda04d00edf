"""Targets that stand for several datasets: archives expand to members, catalogues to entries."""
from __future__ import annotations

from .. import loaders
from ..dataset import LoadedDataset
from ..model import DatasetResult
from .context import RunContext, Target
from .streaming import audit_loaded


def audit_target(target: Target, ctx: RunContext, depth: int = 0) -> list[DatasetResult]:
    """Audit one target. Archives expand to their members, catalogues to their entries."""
    try:
        loaded = (LoadedDataset(path=target.path, source=target.source, format=None, load_error=target.refused)
                  if target.refused else loaders.load(target.path, target.source, depth=depth))
    except Exception as exc:
        loaded = LoadedDataset(path=target.path, source=target.source, format=None,
                               load_error=loaders.describe_error(exc))
    if loaded.catalog is not None:
        return [
            audit_loaded(
                LoadedDataset(path=loaded.path, source=f"{loaded.source}#{entry_id}", format=loaded.format,
                              encoding=loaded.encoding),
                Target(path=target.path, source=f"{target.source}#{entry_id}", metadata=meta,
                       metadata_problems=list(target.metadata_problems)),
                ctx, kind="catalog_entry",
            )
            for entry_id, meta in loaded.catalog
        ] or [audit_loaded(loaded, target, ctx)]
    if loaded.members is None:
        try:
            return [audit_loaded(loaded, target, ctx)]
        finally:
            if loaded.cleanup:
                loaded.cleanup()
    results = []
    try:
        if loaded.load_error or not loaded.members:
            results.append(audit_loaded(loaded, target, ctx))
        for member_path, member_source in loaded.members:
            if target.members and member_source.partition("!/")[2] not in target.members:
                continue
            member = Target(path=member_path, source=member_source, metadata=target.metadata,
                            metadata_problems=list(target.metadata_problems))
            results.extend(audit_target(member, ctx, depth + 1))
    finally:
        if loaded.cleanup:
            loaded.cleanup()
    return results
