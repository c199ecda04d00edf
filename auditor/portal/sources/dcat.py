"""DCAT catalogues: DCAT-US `data.json`, and DCAT-AP in RDF/XML, Turtle or JSON-LD.

One document, or a chain of pages linked by Hydra (`hydra:nextPage` in the
ckanext-dcat style, `hydra:next` in Hydra's current vocabulary, with
`hydra:totalItems`). Each page is read by the project's own RDF and JSON
readers (the same ones `audit check` uses on a catalogue file); JSON-LD that
names a remote @context is refused, because reading it would need the network.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

from ...loaders import describe_error, detect_format
from ...loaders.rdfdata import RdfRefused, dataset_from_graph, jsonld_dataset, parse_graph
from ...loaders.xmldata import XmlRefused
from ...metadata.catalog import json_catalog
from ..entry import Entry, Failure, PortalUnreachable
from .base import PageError, Source, is_url, local_base

HYDRA = "http://www.w3.org/ns/hydra/core#"
NEXT_KEYS = ("nextPage", "next")
RDF_FORMATS = ("rdf", "turtle", "ntriples")


def _hydra_next_in_json(node: Any) -> str | None:
    """The next-page link anywhere in a JSON-LD document (compact or expanded keys)."""
    if isinstance(node, list):
        return next((found for found in map(_hydra_next_in_json, node) if found), None)
    if not isinstance(node, dict):
        return None
    for key, value in node.items():
        local = key.rsplit("#", 1)[-1].rsplit(":", 1)[-1]
        if local in NEXT_KEYS and ("hydra" in key or key in NEXT_KEYS):
            value = value[0] if isinstance(value, list) and value else value
            value = value.get("@id") or value.get("@value") if isinstance(value, dict) else value
            if isinstance(value, str) and value:
                return value
    return next((found for found in map(_hydra_next_in_json, node.values()) if found), None)


def _hydra_in_graph(graph) -> tuple[str | None, int | None]:
    from rdflib import URIRef

    link = next((str(o) for key in NEXT_KEYS for o in graph.objects(None, URIRef(HYDRA + key))), None)
    total = next((o for o in graph.objects(None, URIRef(HYDRA + "totalItems"))), None)
    try:
        total = int(total) if total is not None else None
    except ValueError:
        total = None
    return link, total


def read_dcat_page(path: str, source: str) -> tuple[list[tuple[str, Any]], str | None, int | None]:
    """(catalogue entries, next page link, declared total) of one DCAT document."""
    fmt = detect_format(path)
    if fmt == "json":
        try:
            with open(path, "rb") as fh:
                doc = json.loads(fh.read().decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise PageError(describe_error(exc)) from None
        found = json_catalog(doc, source)
        if found is not None:
            return found[1], _hydra_next_in_json(doc), None
        loaded = jsonld_dataset(doc, path, source, "utf-8")
        if loaded is None:
            raise PageError("JSON that is neither a DCAT catalogue (data.json) nor JSON-LD with an inline @context")
        if loaded.load_error:
            raise PageError(loaded.load_error)
        return loaded.catalog or [], _hydra_next_in_json(doc), None
    if fmt not in RDF_FORMATS:
        raise PageError(f"a {fmt} document, not a DCAT catalogue")
    try:
        graph, read_as = parse_graph(path, fmt)
    except (RdfRefused, XmlRefused) as exc:
        raise PageError(str(exc)) from None
    loaded = dataset_from_graph(graph, path, source, read_as, None)
    link, total = _hydra_in_graph(graph)
    return loaded.catalog or [], link, total


class DcatSource(Source):
    kind = "dcat"
    field_sources = {"publisher": "dct:publisher", "theme": "dcat:theme", "modified": "dct:modified",
                     "frequency": "dct:accrualPeriodicity", "licence": "dct:license (dataset or distribution)",
                     "format": "dcat:distribution format / media type"}

    def entries(self) -> Iterator[Entry | Failure]:
        location: str | None
        location, seen, first = self.location, set(), True
        while location and location not in seen:
            seen.add(location)
            try:
                with self.document(location, first) as path:
                    found, link, total = read_dcat_page(path, location)
            except PageError as exc:
                if first:
                    raise PortalUnreachable(location, str(exc)) from None
                yield Failure(source=f"{self.label} page {location}", url=location, reason=str(exc))
                return
            if first:
                self.facts["declared_total"] = total if total is not None else (len(found) if not link else None)
            base = location if is_url(location) else local_base(location)
            for entry_id, meta in found:
                yield Entry(id=entry_id, source=f"{self.label}#{entry_id}", metadata=meta, base=base)
            first = False
            location = urljoin(location, link) if link and is_url(location) else None
