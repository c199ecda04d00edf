"""Read DCAT / DCAT-AP datasets out of an rdflib graph into `Metadata`.

Values come as literals, IRIs, or nodes with labels, and the reader takes each
in turn: a publisher may be a literal, a foaf:Agent with foaf:name, or a
skos:Concept with skos:prefLabel (datos.gob.es). dct:accrualPeriodicity may be
an EU or DCMI frequency IRI, a literal, or a dct:Frequency node whose rdf:value
is a time:DurationDescription (time:years 1.0): that one is written out as the
ISO 8601 repeating duration 'R/P1Y', which the frequency vocabulary reads.
"""
from __future__ import annotations

from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS, TIME, Namespace

from .model import Metadata, normalise_open_condition

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SCHEMA = Namespace("https://schema.org/")
SCHEMA_HTTP = Namespace("http://schema.org/")
LABELS = (FOAF.name, SKOS.prefLabel, RDFS.label, VCARD.fn, VCARD["organization-name"], DCTERMS.title,
          SCHEMA.name, SCHEMA_HTTP.name, SKOS.notation)
LANGUAGES = ("", "zh", "en")  # preferred order when a value is given in several languages
DURATION_PARTS = ((TIME.years, "Y"), (TIME.months, "M"), (TIME.weeks, "W"), (TIME.days, "D"))
TIME_PARTS = ((TIME.hours, "H"), (TIME.minutes, "M"), (TIME.seconds, "S"))


def _rank(literal: Literal) -> tuple:
    lang = (literal.language or "").lower()
    base = lang.split("-")[0]
    return (LANGUAGES.index(base) if base in LANGUAGES else len(LANGUAGES), lang, str(literal))


def _number(literal) -> str:
    value = float(literal)
    return str(int(value)) if value.is_integer() else f"{value:g}"


class DcatReader:
    def __init__(self, graph):
        self.g = graph

    def datasets(self) -> list:
        nodes = set(self.g.subjects(RDF.type, DCAT.Dataset))
        return sorted(nodes, key=lambda n: (isinstance(n, BNode), str(n)))

    # -- values -----------------------------------------------------------------
    def literal(self, node, predicate) -> str | None:
        """The best literal of a property: no language tag, then Chinese, then English."""
        found = [o for o in self.g.objects(node, predicate) if isinstance(o, Literal)]
        if not found:
            return None
        return str(min(found, key=_rank)).strip() or None

    def label(self, value) -> str | None:
        """A human name for a value: the literal itself, a node's label, else the IRI."""
        if value is None:
            return None
        if isinstance(value, Literal):
            return str(value).strip() or None
        for predicate in LABELS:
            text = self.literal(value, predicate)
            if text:
                return text
        return str(value) if isinstance(value, URIRef) else None

    def labels(self, node, predicate) -> list[str]:
        out = []
        for value in sorted(self.g.objects(node, predicate), key=str):
            text = self.label(value)
            if text and text not in out:
                out.append(text)
        return out

    def first_label(self, node, *predicates) -> str | None:
        for predicate in predicates:
            found = self.labels(node, predicate)
            if found:
                return found[0]
        return None

    # -- frequency ----------------------------------------------------------------
    def duration(self, node) -> str | None:
        """A time:DurationDescription (or a node carrying its properties) as 'R/P…'."""
        date = "".join(f"{_number(v)}{unit}" for p, unit in DURATION_PARTS if (v := self.g.value(node, p)) is not None)
        clock = "".join(f"{_number(v)}{unit}" for p, unit in TIME_PARTS if (v := self.g.value(node, p)) is not None)
        if not date and not clock:
            return None
        return "R/P" + date + (f"T{clock}" if clock else "")

    def frequency(self, dataset) -> str | None:
        value = self.g.value(dataset, DCTERMS.accrualPeriodicity)
        if value is None:
            return None
        if isinstance(value, Literal):
            return str(value).strip() or None
        inner = self.g.value(value, RDF.value)
        if isinstance(inner, Literal):
            return str(inner).strip() or None
        for node in (inner, value):
            if node is not None:
                found = self.duration(node)
                if found:
                    return found
        return self.label(value)

    # -- entries --------------------------------------------------------------------
    def distribution(self, node) -> dict:
        g = self.g
        fmt_node = g.value(node, DCTERMS["format"])
        media = g.value(node, DCAT.mediaType)
        fmt_value = g.value(fmt_node, RDF.value) if fmt_node is not None and not isinstance(fmt_node, Literal) else None
        return {
            "url": self.label(g.value(node, DCAT.downloadURL) or g.value(node, DCAT.accessURL)),
            "format": self.label(fmt_node),
            "media_type": self.label(media) or (str(fmt_value) if isinstance(fmt_value, Literal) else None),
            "title": self.literal(node, DCTERMS.title),
            "licence": self.label(g.value(node, DCTERMS.license)),
        }

    def entry(self, dataset, source: str) -> tuple[str | None, Metadata]:
        g = self.g
        distributions = [self.distribution(d) for d in sorted(g.objects(dataset, DCAT.distribution), key=str)]
        licence = self.label(g.value(dataset, DCTERMS.license)) or next(
            (d["licence"] for d in distributions if d.get("licence")), None)
        keywords = sorted({str(k).strip() for k in g.objects(dataset, DCAT.keyword) if str(k).strip()})
        meta = Metadata(
            title=self.literal(dataset, DCTERMS.title),
            description=self.literal(dataset, DCTERMS.description),
            publisher=self.first_label(dataset, DCTERMS.publisher, DCTERMS.creator),
            theme="; ".join(self.labels(dataset, DCAT.theme)) or None,
            keywords=keywords,
            issued=self.literal(dataset, DCTERMS.issued),
            modified=self.literal(dataset, DCTERMS.modified),
            frequency=self.frequency(dataset),
            licence=licence,
            contact=self.contact(dataset),
            distributions=[{k: v for k, v in d.items() if k != "licence" or v} for d in distributions],
            sources=[source],
        )
        rights = self.label(g.value(dataset, DCTERMS.accessRights))
        if rights:
            meta.open_condition_raw = rights
            meta.open_condition = normalise_open_condition(rights.rsplit("/", 1)[-1].replace("_", "-"))
        identifier = self.literal(dataset, DCTERMS.identifier)
        return identifier or (str(dataset) if isinstance(dataset, URIRef) else None), meta

    def contact(self, dataset) -> str | None:
        point = self.g.value(dataset, DCAT.contactPoint)
        if point is None or isinstance(point, Literal):
            return self.label(point)
        email = self.g.value(point, VCARD.hasEmail)
        return self.label(email) if email is not None else self.label(point)
