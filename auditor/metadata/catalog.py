"""Metadata catalogues → one `Metadata` per entry (the reader `audit portal` shares).

Recognised shapes (anchors/portals_and_metadata_quality.md §4):
- DCAT-US / Project Open Data `data.json` (`dataset` list; JSON-LD `@context` allowed);
- CKAN Action API: `package_show`, `package_search`, `current_package_list_with_resources`,
  or bare package objects (frequency in `frequency`, `accrual_periodicity`,
  `update_frequency` or extras; HDX `data_update_frequency` in days);
- Socrata views metadata (`/api/views/ID.json`, one view or a list) and the Socrata
  Discovery API (`/api/catalog/v1`);
- OpenDataSoft Explore v2.1 `catalog/datasets`;
- DCAT / DCAT-AP graphs (RDF/XML, Turtle, JSON-LD, N-Triples) via `dcat_entries`.

Entry ids are the dataset's identifier, name or id, else its position. Each
entry's `sources` names the catalogue file, so CP005 reports fields one by one.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from .keys import field_for, normalise_key
from .model import Metadata, licence_or_none, normalise_open_condition
from .readers import _keywords, _text, from_mapping

Entries = list[tuple[str, Metadata]]
SOCRATA_ID = re.compile(r"^[a-z0-9]{4}-[a-z0-9]{4}$")
# HDX `data_update_frequency` sentinels (days otherwise).
PERSON_KEYS = ("author", "maintainer")  # a person, never the publishing department
HDX_SPECIAL = {"-2": "irregular", "-1": "never", "0": "continuous"}


# --------------------------------------------------------------------------- helpers
def _first(*values: Any) -> str | None:
    for v in values:
        text = _text(v)
        if text:
            return text
    return None


def _epoch(value: Any) -> str | None:
    """Socrata times are epoch seconds; the report keeps ISO 8601 in UTC."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return dt.datetime.fromtimestamp(value, tz=dt.timezone.utc).isoformat()
    return _text(value)


def _open_condition(meta: Metadata, raw: Any) -> None:
    text = _text(raw)
    if text:
        meta.open_condition_raw = text
        meta.open_condition = normalise_open_condition(text.rsplit("/", 1)[-1].replace("_", "-"))


def _fill_from(meta: Metadata, mapping: dict) -> None:
    """Fill gaps from loosely named keys (CKAN extras, custom fields), English or Chinese."""
    for key, value in mapping.items():
        name = field_for(key)
        if not name or value in (None, "", []) or getattr(meta, name) not in (None, "", []):
            continue
        if name == "keywords":
            meta.keywords = _keywords(value)
        elif name == "open_condition":
            _open_condition(meta, value)
        else:
            setattr(meta, name, _text(value))


def _as_list(value: Any) -> list:
    """Catalogues put one object where a list belongs often enough to plan for it."""
    return value if isinstance(value, list) else [value] if isinstance(value, dict) else []


def _dist(url=None, fmt=None, media_type=None, title=None, **more) -> dict:
    out = {"url": _text(url), "format": _text(fmt), "media_type": _text(media_type), "title": _text(title)}
    out.update({k: _text(v) for k, v in more.items() if _text(v)})
    return out


def _unique_ids(entries: list[tuple[str | None, Metadata]]) -> Entries:
    seen: dict[str, int] = {}
    out = []
    for index, (entry_id, meta) in enumerate(entries, start=1):
        key = str(entry_id).strip() if entry_id not in (None, "") else str(index)
        seen[key] = seen.get(key, 0) + 1
        out.append((key if seen[key] == 1 else f"{key}~{seen[key]}", meta))
    return out


# --------------------------------------------------------------------------- DCAT-US data.json
def _is_dcat_us(doc: Any) -> bool:
    if not isinstance(doc, dict) or not isinstance(doc.get("dataset"), list):
        return False
    items = [d for d in doc["dataset"] if isinstance(d, dict)]
    if not items:
        return "project-open-data" in str(doc.get("conformsTo", "")) or doc.get("@type") == "dcat:Catalog"
    dcat_keys = {"accrualPeriodicity", "distribution", "modified", "publisher", "identifier", "keyword", "accessLevel"}
    return sum(1 for d in items if "title" in d and dcat_keys & d.keys()) * 2 >= len(items)


def _dcat_us_entry(d: dict, source: str) -> tuple[str | None, Metadata]:
    meta = Metadata(
        title=_text(d.get("title")), description=_text(d.get("description")),
        publisher=_text(d.get("publisher")), theme=_text(d.get("theme")), keywords=_keywords(d.get("keyword")),
        issued=_text(d.get("issued")), modified=_text(d.get("modified")),
        frequency=_text(d.get("accrualPeriodicity")), licence=_text(d.get("license")),
        contact=_text(d.get("contactPoint")), sources=[source],
        distributions=[_dist(x.get("downloadURL") or x.get("accessURL"), x.get("format"), x.get("mediaType"),
                             x.get("title")) for x in _as_list(d.get("distribution")) if isinstance(x, dict)],
    )
    _open_condition(meta, d.get("accessLevel"))
    return _first(d.get("identifier"), d.get("@id")), meta


# --------------------------------------------------------------------------- CKAN
def _is_ckan_package(d: Any) -> bool:
    return isinstance(d, dict) and "name" in d and bool(
        {"resources", "num_resources", "metadata_modified", "owner_org"} & d.keys())


def _ckan_packages(doc: Any) -> list[dict] | None:
    result = doc.get("result") if isinstance(doc, dict) else None
    for candidate in (
        result.get("results") if isinstance(result, dict) else None,  # package_search
        [result] if isinstance(result, dict) else None,  # package_show
        result,  # current_package_list_with_resources
        [doc],  # a bare package
        doc,  # a bare list of packages
    ):
        if isinstance(candidate, list) and candidate and all(_is_ckan_package(p) for p in candidate):
            return candidate
    return None


def _decoded(value: Any) -> Any:
    """CKAN stores structured extras (ckanext-dcat, scheming) as JSON text: '[]', '["a", "b"]', '{"name": ..}'."""
    if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
        import json

        try:
            return json.loads(value)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than any real extra
            return value
    return value


def _extras(pkg: dict) -> dict:
    extras = pkg.get("extras") or {}
    if isinstance(extras, list):
        pairs = {e.get("key"): e.get("value") for e in extras if isinstance(e, dict) and e.get("key")}
    else:
        pairs = dict(extras) if isinstance(extras, dict) else {}
    return {k: _decoded(v) for k, v in pairs.items()}


def _named(value: Any) -> str | None:
    """A DCAT-AP agent as CKAN holds it: a name, {'name': ..}, or a list of those."""
    value = _decoded(value)
    if isinstance(value, list):
        return _first(*(_named(v) for v in value))
    if isinstance(value, dict):
        return _first(value.get("name"), value.get("title"), value.get("label"))
    return _text(value)


def _ckan_publisher(pkg: dict, extras: dict, org: dict) -> str | None:
    """The organisation, else a DCAT-AP publisher. Never `author`/`maintainer`: on CKAN those
    hold a person's name, and a person is not a department (nor to be published as one)."""
    return _first(org.get("title"), org.get("name"), _named(pkg.get("publisher")),
                  _named(extras.get("publisher")), _named(extras.get("publisher_name")),
                  _named(extras.get("dct:publisher")))


def _ckan_frequency(pkg: dict, extras: dict) -> str | None:
    for key in ("frequency", "accrual_periodicity", "update_frequency", "accrualPeriodicity"):
        found = _text(pkg.get(key)) or _text(extras.get(key))
        if found:
            return found
    hdx = _text(pkg.get("data_update_frequency")) or _text(extras.get("data_update_frequency"))
    return HDX_SPECIAL.get(hdx, hdx) if hdx else None


def _ckan_licence(pkg: dict, extras: dict | None = None) -> str | None:
    """The package licence, else a DCAT-AP licence on the package extras or its distributions."""
    declared_id = pkg.get("license_id")
    if not (licence_or_none(declared_id) is None and declared_id):  # "notspecified", "other-closed": none
        found = _first(pkg.get("license_title"), pkg.get("license_id"), pkg.get("license_url"))
        if found:
            return found
    extras = extras or {}
    return _first(_named(extras.get("license")), _named(extras.get("licence")), _named(extras.get("license_id")),
                  *(_named(r.get("license")) for r in _as_list(pkg.get("resources")) if isinstance(r, dict)))


def _ckan_theme(pkg: dict, extras: dict) -> str | None:
    groups = [g.get("title") or g.get("name") for g in pkg.get("groups") or [] if isinstance(g, dict)]
    if groups:
        return _text(groups)
    theme = _decoded(pkg.get("theme")) or extras.get("theme")
    if isinstance(theme, list):
        return _text([_named(t) for t in theme if _named(t)]) if theme else None
    return _named(theme)


# Weekday abbreviations Drupal (DKAN) writes before a date, by language; Monday first.
WEEKDAYS = {
    "en": ("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
    "fr": ("lun", "mar", "mer", "jeu", "ven", "sam", "dim"),
    "de": ("mo", "di", "mi", "do", "fr", "sa", "so"),
    "es": ("lun", "mar", "mié", "jue", "vie", "sáb", "dom"),
    "nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
}
MONTHS = {  # month names of the languages catalogues write dates in, lower case, without the dot
    **dict.fromkeys(("janvier", "janv", "january", "jan", "januar", "enero", "januari"), 1),
    **dict.fromkeys(("février", "fevrier", "févr", "fevr", "february", "feb", "februar", "febrero", "februari"), 2),
    **dict.fromkeys(("mars", "march", "mar", "märz", "marzo", "maart"), 3),
    **dict.fromkeys(("avril", "avr", "april", "apr", "abril"), 4),
    **dict.fromkeys(("mai", "may", "mayo", "mei"), 5),
    **dict.fromkeys(("juin", "june", "jun", "juni", "junio"), 6),
    **dict.fromkeys(("juillet", "juil", "july", "jul", "juli", "julio"), 7),
    **dict.fromkeys(("août", "aout", "august", "aug", "agosto", "augustus"), 8),
    **dict.fromkeys(("septembre", "sept", "september", "sep", "septiembre"), 9),
    **dict.fromkeys(("octobre", "oct", "october", "oktober", "octubre"), 10),
    **dict.fromkeys(("novembre", "nov", "november", "noviembre"), 11),
    **dict.fromkeys(("décembre", "decembre", "déc", "dec", "december", "dezember", "diciembre"), 12),
}
_DRUPAL = re.compile(r"^(?P<wd>[^\W\d_]{2,4})\.?,\s*(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})"
                     r"(?:\s*-\s*(?P<t>\d{1,2}:\d{2}(?::\d{2})?))?$")
_WORDY = re.compile(r"^(?:[^\W\d_]+\.?,?\s+)?(?P<d>\d{1,2})(?:er)?\.?\s+(?P<m>[^\W\d_]+)\.?\s+(?P<y>\d{4})"
                    r"(?:[\s,à-]+(?P<t>\d{1,2}[:h]\d{2}(?::\d{2})?))?$")


def _iso(year: int, month: int, day: int, clock: str | None) -> str | None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if not clock:
        return date.isoformat()
    hour, minute, *rest = clock.replace("h", ":").split(":")
    return f"{date.isoformat()}T{int(hour):02d}:{int(minute):02d}:{int(rest[0]) if rest else 0:02d}"


def localised_timestamp(text: str) -> str | None:
    """ISO 8601 for a timestamp written for people: Drupal's 'mar, 10/12/2019 - 09:23' (the
    weekday tells day-first from month-first) or '10 décembre 2019'. None when it is neither."""
    text = text.strip()
    found = _DRUPAL.match(text)
    if found:
        a, b, year = int(found["a"]), int(found["b"]), int(found["y"])
        weekday = found["wd"].lower()
        for first, second in ((a, b), (b, a)):  # (day, month): day-first, then month-first
            try:
                real = dt.date(year, second, first).weekday()
            except ValueError:
                continue
            if any(days[real] == weekday for days in WEEKDAYS.values()):
                return _iso(year, second, first, found["t"])
        return None
    found = _WORDY.match(text)
    if found and found["m"].lower() in MONTHS:
        return _iso(int(found["y"]), MONTHS[found["m"].lower()], int(found["d"]), found["t"])
    return None


def _ckan_utc(value: Any) -> str | None:
    """CKAN writes its own timestamps (metadata_*, last_modified) in UTC without an offset:
    say so, or they would be read in the profile's local timezone. DKAN writes them for people
    ('mar, 10/12/2019 - 09:23'), in the site's time: those become ISO 8601 without an offset."""
    text = _text(value)
    local = localised_timestamp(text) if text else None
    if local:
        return local
    if text and "T" in text and not text.endswith("Z") and "+" not in text[10:] and "-" not in text[10:]:
        return text + "+00:00"
    return text


def _ckan_entry(pkg: dict, source: str) -> tuple[str | None, Metadata]:
    extras = _extras(pkg)
    org = pkg.get("organization")
    org = org if isinstance(org, dict) else {"title": org}
    meta = Metadata(
        title=_text(pkg.get("title")), description=_text(pkg.get("notes")),
        publisher=_ckan_publisher(pkg, extras, org),
        theme=_ckan_theme(pkg, extras),
        keywords=[t for t in (_text(x.get("display_name") or x.get("name")) if isinstance(x, dict) else _text(x)
                              for x in pkg.get("tags") or []) if t],
        issued=_first(pkg.get("issued"), extras.get("issued"), _ckan_utc(pkg.get("metadata_created"))),
        modified=_first(pkg.get("modified"), extras.get("modified"), _ckan_utc(pkg.get("metadata_modified"))),
        frequency=_ckan_frequency(pkg, extras), licence=_ckan_licence(pkg, extras),
        contact=_first(pkg.get("maintainer_email"), pkg.get("author_email"), pkg.get("maintainer"), pkg.get("author")),
        sources=[source],
        distributions=[_dist(r.get("url") or r.get("download_url") or r.get("access_url"), r.get("format"),
                             r.get("mimetype"), r.get("name"), modified=_ckan_utc(r.get("last_modified")))
                       for r in _as_list(pkg.get("resources")) if isinstance(r, dict)],
    )
    _open_condition(meta, pkg.get("access_rights") or extras.get("access_rights") or extras.get("accessLevel"))
    _fill_from(meta, {k: v for k, v in extras.items() if str(k).lower() not in PERSON_KEYS})
    return _first(pkg.get("name"), pkg.get("id")), meta


# --------------------------------------------------------------------------- Socrata
def _is_socrata_view(d: Any) -> bool:
    return (isinstance(d, dict) and SOCRATA_ID.match(str(d.get("id", ""))) is not None
            and bool({"viewType", "assetType", "rowsUpdatedAt", "displayType"} & d.keys()))


def _socrata_views(doc: Any) -> list[dict] | None:
    views = doc if isinstance(doc, list) else [doc]
    return views if views and all(_is_socrata_view(v) for v in views) else None


def _frequency_in(pairs: list[tuple[str, Any]]) -> str | None:
    """Socrata keeps frequency in portal-specific custom fields: prefer 'update'/'publishing' ones."""
    ranked = sorted((0 if re.search(r"update|publish", k, re.I) else 1, i, v)
                    for i, (k, v) in enumerate(pairs) if re.search(r"frequen|periodicity", k, re.I) and _text(v))
    return _text(ranked[0][2]) if ranked else None


def _socrata_view_entry(v: dict, source: str) -> tuple[str | None, Metadata]:
    custom = (v.get("metadata") or {}).get("custom_fields") or {}
    pairs = [(k, val) for fields in custom.values() if isinstance(fields, dict) for k, val in fields.items()]
    licence: dict = v["license"] if isinstance(v.get("license"), dict) else {}
    meta = Metadata(
        title=_text(v.get("name")), description=_text(v.get("description")),
        publisher=_first(v.get("attribution"),
                         *(val for k, val in pairs if re.search(r"department|agency|owner", k, re.I))),
        theme=_text(v.get("category")), keywords=_keywords(v.get("tags")),
        issued=_epoch(v.get("publicationDate") or v.get("createdAt")),
        modified=_epoch(v.get("rowsUpdatedAt") or v.get("viewLastModified")),
        frequency=_frequency_in(pairs), licence=_first(licence.get("name"), v.get("licenseId")),
        contact=_text(v.get("contactEmail")), sources=[source],
        distributions=_socrata_distributions(v),
    )
    return v.get("id"), meta


def _socrata_distributions(v: dict) -> list[dict]:
    """Socrata serves every tabular view as CSV and JSON through its API; a view whose data is an
    uploaded file (a zipped shapefile behind a map, a PDF) offers that file, with its media type."""
    out = []
    if v.get("viewType", "tabular") == "tabular" and not v.get("blobId"):
        out.append(_dist(f"/api/views/{v['id']}/rows.csv?accessType=DOWNLOAD", "CSV", "text/csv"))
    if v.get("blobId") or v.get("blobFilename"):
        out.append(_dist(f"/api/views/{v['id']}/files/{v.get('blobId') or ''}", None, v.get("blobMimeType"),
                         v.get("blobFilename")))
    return out


def view_metadata(view: dict, source: str) -> Metadata:
    """The metadata of one Socrata view (a rows.json file carries its view in `meta.view`)."""
    return _socrata_view_entry(view, source)[1]


def _socrata_discovery(doc: Any) -> list[dict] | None:
    results = doc.get("results") if isinstance(doc, dict) else None
    if isinstance(results, list) and results and all(
            isinstance(r, dict) and isinstance(r.get("resource"), dict) and "classification" in r for r in results):
        return results
    return None


def socrata_export_url(r: dict) -> str | None:
    """The data export of a Discovery result: SODA's `https://DOMAIN/resource/ID.csv`, never the
    landing page (`link`/`permalink` answer HTML). Without a domain, the view's CSV download
    relative to the landing page's host."""
    from urllib.parse import urlsplit

    res = r.get("resource") or {}
    ident = _text(res.get("id"))
    if not ident or not SOCRATA_ID.match(ident):
        return None
    domain = _text((r.get("metadata") or {}).get("domain"))
    page = urlsplit(_text(r.get("link") or r.get("permalink")) or "")
    if domain:
        scheme = page.scheme if page.netloc == domain and page.scheme else "https"
        return f"{scheme}://{domain}/resource/{ident}.csv"
    if page.scheme and page.netloc:
        return f"{page.scheme}://{page.netloc}/api/views/{ident}/rows.csv?accessType=DOWNLOAD"
    return f"/api/views/{ident}/rows.csv?accessType=DOWNLOAD"


def _socrata_discovery_entry(r: dict, source: str) -> tuple[str | None, Metadata]:
    res, cls = r["resource"], r.get("classification") or {}
    pairs = [(m.get("key", ""), m.get("value")) for m in cls.get("domain_metadata") or [] if isinstance(m, dict)]
    meta = Metadata(
        title=_text(res.get("name")), description=_text(res.get("description")),
        publisher=_first(res.get("attribution"),
                         *(v for k, v in pairs if re.search(r"agency|owner|department", k, re.I))),
        theme=_text(cls.get("domain_category")), keywords=_keywords(cls.get("domain_tags") or cls.get("tags")),
        issued=_text(res.get("publication_date") or res.get("createdAt")),
        modified=_text(res.get("data_updated_at") or res.get("updatedAt")),
        frequency=_frequency_in(pairs), licence=_text((r.get("metadata") or {}).get("license")),
        contact=_text(res.get("contact_email")), sources=[source],
        distributions=[_dist(socrata_export_url(r), "CSV", "text/csv")]
        if res.get("type") == "dataset" and socrata_export_url(r) else [],
    )
    return res.get("id"), meta


# --------------------------------------------------------------------------- OpenDataSoft
def _ods_datasets(doc: Any) -> list[dict] | None:
    results = doc.get("results") if isinstance(doc, dict) else None
    if isinstance(results, list) and results and all(
            isinstance(r, dict) and "dataset_id" in r and isinstance(r.get("metas"), dict) for r in results):
        return results
    return None


def _ods_entry(r: dict, source: str) -> tuple[str | None, Metadata]:
    default = r["metas"].get("default") or {}
    dcat = r["metas"].get("dcat") or {}
    meta = Metadata(
        title=_text(default.get("title")), description=_text(default.get("description")),
        publisher=_text(default.get("publisher")), theme=_text(default.get("theme")),
        keywords=_keywords(default.get("keyword")), issued=_text(dcat.get("issued")),
        # data_processed is the data's own timestamp; `modified` may follow metadata edits only.
        modified=_first(default.get("data_processed"), default.get("modified")),
        frequency=_text(dcat.get("accrualperiodicity")),
        licence=_first(default.get("license"), default.get("license_url")),
        contact=_text(dcat.get("contact_email")), sources=[source],
        distributions=[_dist(None, fmt) for fmt in ("CSV", "JSON") if r.get("has_records")]
        + [_dist(a.get("url"), None, a.get("mimetype"), a.get("title")) for a in r.get("attachments") or []
           if isinstance(a, dict)],
    )
    return r.get("dataset_id"), meta


# --------------------------------------------------------------------------- one flat metadata record
# A dataset page's metadata as one JSON object of labelled fields (data.gov.tw's dataset JSON:
# 資料集名稱, 提供機關, 更新頻率, 詮釋資料更新時間, 授權方式...): a catalogue of one entry, not a
# one-row table. Fields named by the shared key table; at least this many of them, the title among them.
RECORD_MIN_FIELDS = 4
RECORD_ID_KEYS = ("identifier", "id", "資料集識別碼", "数据集标识", "标识符")
RECORD_URL_KEYS = ("downloadurl", "資料下載網址", "资料下载网址", "下载地址", "数据下载地址", "資料資源下載網址",
                   "accessurl", "url")
RECORD_FORMAT_KEYS = ("format", "fileformat", "檔案格式", "文件格式", "资源格式", "数据格式")
_LIST_SPLIT = re.compile(r"\s*[;；,，、|\n]\s*")


def _flat_record(doc: Any) -> list[dict] | None:
    record = doc.get("result") if isinstance(doc, dict) and isinstance(doc.get("result"), dict) else doc
    if not isinstance(record, dict) or {"@context", "@graph"} & record.keys():
        return None  # JSON-LD is read as a graph
    if any(isinstance(v, list) and len(v) > 1 and all(isinstance(x, dict) for x in v) and field_for(k) is None
           for k, v in record.items()):
        return None  # it holds records of its own: a table in an envelope
    fields = {field_for(k) for k, v in record.items() if v not in (None, "", [])} - {None}
    return [record] if "title" in fields and len(fields) >= RECORD_MIN_FIELDS else None


def _values(record: dict, keys: tuple[str, ...]) -> list[str]:
    wanted = {normalise_key(k) for k in keys}
    for key, value in record.items():
        if normalise_key(key) in wanted and value not in (None, "", []):
            items = value if isinstance(value, list) else _LIST_SPLIT.split(str(value))
            return [t for t in (_text(x) for x in items) if t]
    return []


def _record_entry(record: dict, source: str) -> tuple[str | None, Metadata]:
    meta = from_mapping(record, source)
    nested = [d for d in _as_list(record.get("distribution")) if isinstance(d, dict)]
    if nested:
        meta.distributions = [_dist(_first(*_values(d, RECORD_URL_KEYS)), _first(*_values(d, RECORD_FORMAT_KEYS)),
                                    d.get("mediaType"), d.get("title") or d.get("description")) for d in nested]
    else:
        urls, fmts = _values(record, RECORD_URL_KEYS), _values(record, RECORD_FORMAT_KEYS)
        if len(urls) == len(fmts):
            meta.distributions = [_dist(u, f) for u, f in zip(urls, fmts, strict=True)]
        else:  # formats and addresses that do not pair up: each is still a distribution
            meta.distributions = [_dist(u) for u in urls] + [_dist(None, f) for f in fmts if not urls]
    return _first(*(record.get(k) for k in RECORD_ID_KEYS)), meta


# --------------------------------------------------------------------------- dispatch
_JSON_SHAPES: list[tuple[str, Callable[[Any], list | None], Callable[[dict, str], tuple]]] = [
    ("dcat-us", lambda doc: doc["dataset"] if _is_dcat_us(doc) else None, _dcat_us_entry),
    ("ckan", _ckan_packages, _ckan_entry),
    ("socrata", _socrata_views, _socrata_view_entry),
    ("socrata-discovery", _socrata_discovery, _socrata_discovery_entry),
    ("opendatasoft", _ods_datasets, _ods_entry),
    ("record", _flat_record, _record_entry),  # last: the loosest shape
]


def json_catalog(doc: Any, source: str) -> tuple[str, Entries] | None:
    """(kind, entries) when a parsed JSON document is a metadata catalogue, else None."""
    for kind, find, to_entry in _JSON_SHAPES:
        items = find(doc)
        if items is not None:
            return kind, _unique_ids([to_entry(item, source) for item in items if isinstance(item, dict)])
    return None


# --------------------------------------------------------------------------- DCAT in RDF
def dcat_entries(graph, source: str) -> Entries:
    """One entry per dcat:Dataset of an rdflib graph (DCAT, DCAT-AP, GeoDCAT-AP)."""
    from .dcat_graph import DcatReader  # lazy: rdflib is slow to import and only graphs need it

    reader = DcatReader(graph)
    return _unique_ids([reader.entry(node, source) for node in reader.datasets()])
