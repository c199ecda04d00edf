"""Machine readability of what a catalogue entry offers for download.

A catalogue entry (DCAT, CKAN, Socrata...) is judged by its distributions:
the best one counts (data.europa.eu MQA's rule, since distributions usually
hold the same data), rated with ckanext-qa's five stars.
"""

from __future__ import annotations

from auditor.metadata.formats import declares_format, distribution_format, stars_for
from auditor.model import Severity
from auditor.rule import Rule

_CATALOG = (
    '{"dataset": [{"identifier": "d1", "title": "Budget", "publisher": {"name": "Finance Bureau"},'
    ' "modified": "2026-11-01", "accrualPeriodicity": "R/P1M", "distribution": [%s]}]}'
)


class DistributionOpenness(Rule):
    """The best format a catalogue entry offers earns fewer than three openness
    stars: only PDF, Word, images or web pages (1★ or 0★: an error, as MR003 for
    files) or only XLS/XLSX (2★: proprietary, as MR004). Publish CSV, JSON or XML
    (3★), or RDF (4-5★), alongside."""

    code = "MR020"
    name = "distribution-openness"
    default_severity = Severity.WARNING
    title = {"en": "Distributions not in an open machine-readable format", "zh": "资源格式不是开放的机器可读格式"}
    messages = {
        "closed": {
            "en": "The best distribution format offered is {formats} ({stars}★ of 5): not machine-readable; "
            "also publish CSV, JSON or XML",
            "zh": "提供的最佳资源格式为 {formats}（开放等级 {stars}★/5），不是机器可读格式，"
            "应同时提供 CSV、JSON 或 XML",
        },
        "proprietary": {
            "en": "Only proprietary formats are offered ({formats}, {stars}★ of 5); also publish CSV (3★)",
            "zh": "仅提供专有格式（{formats}，开放等级 {stars}★/5），建议同时提供 CSV（3★）",
        },
    }
    example_fail = {
        "file": "data.json",
        "text": _CATALOG % '{"downloadURL": "https://x.gov/budget.pdf", "format": "PDF"}',
    }
    example_pass = {
        "file": "data.json",
        "text": _CATALOG % '{"downloadURL": "https://x.gov/budget.csv", "mediaType": "text/csv"}',
    }

    def dataset(self, ds):
        rated: dict[str, int] = {}
        for dist in ds.metadata.distributions or []:
            fmt = distribution_format(dist)
            stars = stars_for(fmt)
            if stars is not None:
                assert fmt is not None  # stars_for(None) is None
                rated[fmt] = stars
        if not rated:
            return
        best = max(rated.values())
        if best >= 3:
            return
        formats = ", ".join(sorted(f.upper() for f, s in rated.items() if s == best))
        data = {"openness_stars": best, "formats": sorted(rated)}
        if best <= 1:
            self.report("closed", formats=formats, stars=best, severity=Severity.ERROR, data=data)
        else:
            self.report("proprietary", formats=formats, stars=best, severity=Severity.INFO, data=data)


class DistributionFormatMissing(Rule):
    """A catalogue entry lists no distribution at all, or distributions whose
    format is neither declared (format / media type) nor recognisable from the
    download URL: users cannot tell what they would get, and MQA counts an
    undeclared format as not machine-readable."""

    code = "MR021"
    name = "distribution-format-missing"
    default_severity = Severity.WARNING
    title = {"en": "Distribution format not declared", "zh": "资源格式未声明"}
    messages = {
        "none": {"en": "The catalogue entry lists no distribution to download", "zh": "该目录条目没有列出可下载的资源"},
        "default": {
            "en": "{count} of {total} distribution(s) declare no format or media type that can be recognised",
            "zh": "{total} 个资源中有 {count} 个未声明可识别的格式或媒体类型",
        },
    }
    example_fail = {"file": "data.json", "text": _CATALOG % '{"accessURL": "https://x.gov/budget"}'}
    example_pass = {"file": "data.json", "text": _CATALOG % '{"downloadURL": "https://x.gov/b.csv", "format": "CSV"}'}

    def dataset(self, ds):
        distributions = ds.metadata.distributions or []
        if ds.kind == "catalog_entry" and not distributions:
            self.report("none")
            return
        unknown = [d for d in distributions if not declares_format(d) and not distribution_format(d)]
        if unknown:
            self.report(
                count=len(unknown), total=len(distributions), data={"urls": [d.get("url") for d in unknown][:5]}
            )
