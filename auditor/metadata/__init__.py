"""Metadata readers into one `Metadata` model."""
from .model import Metadata, normalise_open_condition
from .readers import find_sidecar, from_mapping, read_datapackage, read_metadata_file

__all__ = ["Metadata", "normalise_open_condition", "find_sidecar", "from_mapping",
           "read_datapackage", "read_metadata_file"]
