"""One self-contained HTML file for governance review, in Chinese or English.

Everything is inline (CSS, SVG charts, a few lines of JavaScript) and a
Content-Security-Policy forbids any fetch, so the file can be mailed or archived
and opened offline. It shows the verdict, every dataset's scores as bars, the
findings filterable by pack, severity and text (the filter lives in the URL
fragment, e.g. `report.html#severity=error&pack=sensitive`, so a filtered view
can be shared), and for portal reports the scorecard as charts.
"""

from __future__ import annotations

from html import escape

from ..i18n import t
from ..model import DatasetResult, Finding, Report
from ..redact import scrub
from .labels import baseline_note, findings_line, heading, label, verdict
from .locations import describe_location
from .scorecard import Series, read_scorecard, stars_series
from .scorecard_text import scorecard_label as _st
from .scorecard_view import department_rows, findings_by_rule, pct, seed_tables, share_rows, show, then_now_rows
from .svg import Bar, bar_chart, score_tone
from .untrusted import printable

DIMENSIONS = ("machine_readability", "completeness", "timeliness", "sensitive")
SEVERITIES = ("error", "warning", "info")
MAX_BARS = 40
MAX_DIMENSION_CHARTS = 200  # above this many datasets, dimension scores are text, not charts
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

CSS = """
:root{--fg:#1d232a;--muted:#5b6672;--line:#d9dee3;--bg:#f6f8fa;--good:#2e7d32;--fair:#b26a00;--poor:#c62828;
--info:#1565c0;--neutral:#5c6bc0}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",
sans-serif;color:var(--fg);background:#fff}
header,main,footer{max-width:1180px;margin:0 auto;padding:0 24px}
header{padding-top:24px}h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 12px}
h3{font-size:16px;margin:0}.meta,.muted{color:var(--muted)}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:120px;background:var(--bg)}
.card b{display:block;font-size:24px}.verdict{font-size:18px;font-weight:600}
.verdict.bad{color:var(--poor)}.verdict.ok{color:var(--good)}
.note{border-left:4px solid var(--info);background:#eef4fb;padding:8px 12px;margin:12px 0}
.errors{border-left:4px solid #6a1b9a;background:#f6eefa;padding:8px 12px}
.badge{display:inline-block;border-radius:4px;padding:0 8px;font-size:13px;font-weight:600;color:#fff}
.badge.pass{background:var(--good)}.badge.fail{background:var(--poor)}.badge.error{background:#6a1b9a}
.sev{font-weight:600;white-space:nowrap}.sev.error{color:var(--poor)}.sev.warning{color:var(--fair)}.sev.info{color:var(--info)}
svg.chart{max-width:100%;height:auto;display:block;margin:4px 0 12px}
svg .lbl,svg .val{font-size:12px;fill:var(--fg)}svg .track{fill:#eceff1}svg .bar.good{fill:var(--good)}
svg .bar.fair{fill:var(--fair)}svg .bar.poor{fill:var(--poor)}svg .bar.neutral{fill:var(--neutral)}
#filters{position:sticky;top:0;background:#fff;border-bottom:1px solid var(--line);padding:8px 0;display:flex;
flex-wrap:wrap;gap:16px;align-items:center;z-index:1}
#filters label{white-space:nowrap}#filters input[type=search]{padding:3px 6px;min-width:200px}
section.dataset{border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:12px 0}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0;font-size:14px}
.facts dt{color:var(--muted)}.facts dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:14px;margin:8px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--bg)}td.num{text-align:right}tr[hidden],section[hidden]{display:none}
details summary{cursor:pointer;color:var(--muted)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:8px 24px}
figure{margin:0 0 12px}dl.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));
gap:0 32px;font-size:14px}dl.figures div{display:flex;justify-content:space-between;gap:12px;
border-bottom:1px solid var(--line);padding:2px 0}dl.figures dt{color:var(--muted)}\
dl.figures dd{margin:0;text-align:right}
footer{margin:32px auto;color:var(--muted);font-size:13px}
@media (max-width:640px){header,main,footer{padding:0 12px}section.dataset{padding:10px 12px}th,td{padding:4px 5px}
.card{min-width:96px;padding:6px 12px}.charts{grid-template-columns:1fr}
#filters input[type=search]{min-width:0;flex:1 1 140px}
table.findings thead{display:none}
table.findings tr.finding{display:flex;flex-wrap:wrap;gap:0 12px;border-bottom:1px solid var(--line);padding:6px 0}
table.findings tr.finding[hidden]{display:none}table.findings td{border:0;padding:0}
table.findings td.msg,table.findings td.where{flex-basis:100%}table.findings td.where:empty{display:none}
table.findings td.num::before{content:"× "}}
"""

SCRIPT = """
(function () {
  var form = document.getElementById("filters");
  if (!form) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.finding"));
  var counter = document.getElementById("shown");
  function read() {
    var state = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var kv = pair.split("=");
      if (kv[0]) { state[decodeURIComponent(kv[0])] = decodeURIComponent(kv[1] || ""); }
    });
    var select = form.elements.pack;
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.value === state.pack) { select.value = state.pack; }
    });
    if (state.severity) {
      var wanted = state.severity.split(",");
      form.querySelectorAll("input[name=severity]").forEach(function (box) {
        box.checked = wanted.indexOf(box.value) >= 0;
      });
    }
    if (state.q) { form.elements.q.value = state.q; }
  }
  function apply() {
    var pack = form.elements.pack.value;
    var severities = [];
    form.querySelectorAll("input[name=severity]:checked").forEach(function (box) { severities.push(box.value); });
    var q = form.elements.q.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (pack === "all" || row.getAttribute("data-pack") === pack) &&
        severities.indexOf(row.getAttribute("data-severity")) >= 0 &&
        (!q || row.textContent.toLowerCase().indexOf(q) >= 0);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var narrowed = shown < rows.length;
    document.querySelectorAll("section.dataset").forEach(function (section) {
      var visible = section.querySelectorAll("tr.finding:not([hidden])").length;
      var badge = section.querySelector(".visible");
      if (badge) { badge.textContent = String(visible); }
      section.hidden = narrowed && visible === 0;
    });
    counter.textContent = counter.getAttribute("data-template")
      .replace("{n}", String(shown)).replace("{total}", String(rows.length));
    var hash = "pack=" + encodeURIComponent(pack) + "&severity=" + severities.join(",") +
      (q ? "&q=" + encodeURIComponent(q) : "");
    if (history.replaceState) { history.replaceState(null, "", "#" + hash); }
    document.documentElement.setAttribute("data-filtered", "1");
  }
  read();
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  apply();
})();
"""


def _e(text) -> str:
    return escape(printable(scrub(str(text)), keep_lines=True))


def _summary(report: Report, lang: str) -> str:
    s = report.summary()
    bad = s["failed"] + s["errored"] > 0 or report.tool_failed
    cards = [
        (t("datasets", lang), s["datasets"]),
        (t("passed", lang), s["passed"]),
        (t("failed", lang), s["failed"]),
        (t("errored", lang), s["errored"]),
    ]
    cards += [(t("severity." + k, lang), s["findings"][k]) for k in SEVERITIES]
    out = [f'<p class="verdict {"bad" if bad else "ok"}">{_e(verdict(report, lang))}</p>', '<div class="cards">']
    out += [f'<div class="card"><b>{value}</b>{_e(name)}</div>' for name, value in cards]
    out.append("</div>")
    note = baseline_note(report, lang)
    if note:
        out.append(f'<p class="note" id="baseline">{_e(note)}</p>')
    errors = [f"{e.source}: {e.where}: {e.message}" for e in report.errors]
    errors += [f"{d.source}: {e.where}: {e.message}" for d in report.datasets for e in d.errors]
    if errors:
        out.append(
            f'<div class="errors"><b>{_e(t("tool_errors", lang))}</b><ul>'
            + "".join(f"<li>{_e(x)}</li>" for x in errors)
            + "</ul></div>"
        )
    return "\n".join(out)


def _score_charts(report: Report, lang: str) -> str:
    """Overall score per dataset, and the openness stars when the datasets carry them."""
    if not report.datasets:
        return f"<p>{_e(label('no_datasets', lang))}</p>"
    datasets = list(report.datasets)
    out = f"<h2>{_e(label('score_bars', lang))}</h2>"
    if len(datasets) > MAX_BARS:  # a portal: the spread, then the weakest datasets by name
        out += _series_chart(_score_bands(datasets, lang), lang)
        datasets = sorted(datasets, key=lambda d: d.scores.get("overall") or 0)[:MAX_BARS]
        out += f"<h3>{_e(label('lowest', lang, n=len(datasets)))}</h3>"
    bars = [
        Bar(
            d.source,
            d.scores.get("overall") or 0,
            f"{d.scores.get('overall', '–')}",
            score_tone(d.scores.get("overall")),
        )
        for d in datasets
    ]
    out += bar_chart(bars, 100, label("score_bars", lang))
    stars = stars_series(report.as_dict()["datasets"], label("stars_dist", lang))
    return out + (_series_chart(stars, lang) if stars else "")


def _score_bands(datasets: list[DatasetResult], lang: str) -> Series:
    """How many datasets score 0-9, 10-19, ... 90-100."""
    counts = [0] * 10
    for d in datasets:
        counts[min(9, int((d.scores.get("overall") or 0) // 10))] += 1
    bands = tuple((f"{10 * i}–{10 * i + 9 if i < 9 else 100}", n) for i, n in enumerate(counts))
    return Series(label("score_bands", lang), bands, False)


def _series_chart(s: Series, lang: str) -> str:
    items = s.items[:MAX_BARS]
    top = 1.0 if s.share else max((v for _, v in items), default=0) or 1
    chart = bar_chart([Bar(k, v, s.shown(v)) for k, v in items], top, s.title, width=540, label_cells=20)
    more = (
        f'<p class="muted">{_e(label("more_bars", lang, n=len(s.items) - MAX_BARS))}</p>'
        if len(s.items) > MAX_BARS
        else ""
    )
    return f"<figure><figcaption><b>{_e(s.title)}</b></figcaption>{chart}{more}</figure>"


def _html_table(headers: list[str], rows: list[list[str]], title: str | None = None) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    caption = f"<h3>{_e(title)}</h3>" if title else ""
    return f"{caption}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _link(title: str, page: str | None) -> str:
    if page and page.lower().startswith(("http://", "https://")):
        return f'<a href="{_e(page)}" rel="noopener noreferrer">{_e(title)}</a>'
    return _e(title)


def _portal_scorecard(report: Report, lang: str) -> str:
    """The seed's tables next to 2021, the catalogue-level findings, shares and departments: labels only."""
    card, portal = getattr(report, "scorecard", {}) or {}, getattr(report, "portal", {}) or {}
    where = " · ".join(str(portal[k]) for k in ("city", "platform", "source") if portal.get(k))
    out = [f'<h2 id="scorecard">{_e(_st("title", lang))}</h2>', f'<p class="meta">{_e(where)}</p>']
    headline = (card.get("reference") or {}).get("headline")
    if headline:
        out.append(f'<p class="note">{_e(headline)} · {_e((card.get("reference") or {}).get("source") or "")}</p>')
    for key, figures in seed_tables(card, lang):
        headers, rows = then_now_rows(card, figures, lang)
        out.append(_html_table(headers, rows, _st(key, lang)))
        months = (card.get("updates") or {}).get("by_month") or {}
        if key == "t3" and months:
            out.append(_series_chart(Series(_st("by_month", lang), tuple(months.items()), False), lang))
    folded = card.get("department_attribution") or {}
    if folded.get("buckets"):
        note = _st(
            "attribution",
            lang,
            declared=folded["declared"],
            re=folded["re_attributed"],
            buckets=", ".join(folded["buckets"]),
            un=folded["unattributed"],
        )
        out.append(f'<p class="note">{_e(note)}</p>')
    for f in card.get("portal_findings") or []:
        windows = (f.get("data") or {}).get("windows") or []
        out.append(
            f"<h3>{_e(_st('portal_findings', lang))}</h3><p><b>{_e(f['code'])}</b> {_e(f['message'])}</p>"
            + _html_table(
                [
                    _st("start", lang),
                    _st("end", lang),
                    _st("minutes", lang),
                    _st("datasets", lang),
                    _st("departments", lang),
                    _st("share", lang),
                ],
                [
                    [
                        w["start"].replace("T", " "),
                        w["end"].replace("T", " "),
                        str(w["minutes"]),
                        show(w["datasets"]),
                        show(w["departments"]),
                        pct(w["share"]),
                    ]
                    for w in windows
                ],
            )
        )
    out.append(_html_table(["", ""], share_rows(card, lang), _st("shares", lang)))
    formats = card.get("formats") or {}
    if formats:
        out.append(_series_chart(Series(_st("t5", lang), tuple(formats.items()), False), lang))
    headers, rows = department_rows(card, lang)
    if rows:
        out.append(_html_table(headers, rows, _st("depts", lang)))
    return "\n".join(out)


def _findings_by_rule(report: Report, lang: str) -> str:
    """Each rule once, with the datasets it hit counted and some named by title (details on demand)."""
    groups = findings_by_rule(report.datasets)
    if not groups:
        return f'<p class="muted">{_e(t("no_findings", lang))}</p>'
    head = "".join(
        f"<th>{_e(_st(k, lang))}</th>" for k in ("code", "rule", "severity", "datasets", "occurrences", "datasets_hit")
    )
    rows = []
    for g in groups:
        names = "".join(f"<li>{_link(title, page)}</li>" for title, page in g.examples)
        rest = g.datasets - len(g.examples)
        more = f"<li>{_e(_st('more', lang, n=rest))}</li>" if rest > 0 else ""
        messages = "".join(f"<li>{_e(m)} ({n:,})</li>" for m, n in g.messages.most_common(3))
        rows.append(
            f'<tr class="finding" data-pack="" data-severity="{_e(g.severity)}"><td><b>{_e(g.code)}</b></td>'
            f"<td>{_e(g.rule)}</td>"
            f'<td class="sev {_e(g.severity)}">{_e(t("severity." + g.severity, lang))}</td>'
            f'<td class="num">{g.datasets:,}</td><td class="num">{g.occurrences:,}</td>'
            f"<td><details><summary>{_e(label('details', lang))}</summary>"
            f"<ul>{messages}</ul><ul>{names}{more}</ul></details></td></tr>"
        )
    return (
        f"<h2>{_e(_st('findings_by_rule', lang))}</h2><table><thead><tr>{head}</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _scorecard(report: Report, lang: str) -> str:
    if getattr(report, "scorecard", None):
        return _portal_scorecard(report, lang)
    doc = report.as_dict()
    if "scorecard" not in doc:
        return ""
    reading = read_scorecard(doc["scorecard"] or {})
    out = [f'<h2 id="scorecard">{_e(label("scorecard", lang))}</h2>']
    out.append('<div class="charts">' + "".join(_series_chart(s, lang) for s in reading.series) + "</div>")
    if reading.figures:
        out.append(
            f'<h3>{_e(label("figures", lang))}</h3><dl class="figures">'
            + "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in reading.figures)
            + "</dl>"
        )
    for table in reading.tables:
        head = "".join(f"<th>{_e(h)}</th>" for h in table.headers)
        body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in table.rows)
        out.append(f"<h3>{_e(table.title)}</h3><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return "\n".join(out)


def _filters(report: Report, lang: str) -> str:
    packs = sorted({f.pack for d in report.datasets for f in d.findings})
    total = sum(len(d.findings) for d in report.datasets)
    options = f'<option value="all">{_e(label("all", lang))}</option>' + "".join(
        f'<option value="{_e(p)}">{_e(t(p, lang))}</option>' for p in packs
    )
    boxes = "".join(
        f'<label><input type="checkbox" name="severity" value="{s}" checked> '
        f'<span class="sev {s}">{_e(t("severity." + s, lang))}</span></label>'
        for s in SEVERITIES
    )
    template = _e(label("shown", lang))
    initial = template.replace("{n}", str(total)).replace("{total}", str(total))
    return (
        f'<form id="filters" onsubmit="return false"><label>{_e(label("pack", lang))} '
        f'<select name="pack">{options}</select></label>{boxes}'
        f'<label>{_e(label("search", lang))} <input type="search" name="q"></label>'
        f'<span id="shown" data-template="{template}">{initial}</span></form>'
    )


def _facts(d: DatasetResult, lang: str) -> str:
    """Key facts on one line; metadata and timeliness facts folded below."""
    line = [f"{t('format', lang)} {d.format or '?'}"]
    stars = getattr(d, "openness_stars", None)
    if stars is not None:
        line.append(f"{label('openness_stars', lang)} {'★' * stars}{'☆' * (5 - stars)}")
    if d.encoding:
        line.append(d.encoding)
    line += [
        f"{t('table', lang)} {tb.name}: {tb.rows} {t('rows', lang)} × {len(tb.columns)} {t('columns', lang)}"
        for tb in d.tables
    ]
    facts = [(t(k, lang), v) for k, v in (d.metadata or {}).items() if v not in (None, "", [], {})]
    facts += [(t(k, lang), v) for k, v in (d.timeliness or {}).items() if v not in (None, "", [], {})]
    out = f'<p class="muted">{_e(" · ".join(line))}</p>'
    if facts:
        out += (
            f'<details><summary>{_e(label("details", lang))}</summary><dl class="facts">'
            + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts)
            + "</dl></details>"
        )
    return out


def _finding_row(f: Finding, lang: str) -> str:
    examples = (
        f'<div class="muted">{_e(t("examples", lang))} {_e(", ".join(f.examples[:3]))}</div>' if f.examples else ""
    )
    return (
        f'<tr class="finding" data-pack="{_e(f.pack)}" data-severity="{f.severity.label}">'
        f'<td><b>{_e(f.code)}</b><div class="muted">{_e(f.rule)}</div></td>'
        f'<td class="sev {f.severity.label}">{_e(t("severity." + f.severity.label, lang))}</td>'
        f'<td class="msg">{_e(f.message)}{examples}</td><td class="where">{_e(describe_location(f, lang))}</td>'
        f'<td class="num">{f.count}</td></tr>'
    )


def _dimensions(d: DatasetResult, lang: str, chart: bool) -> str:
    keys = [k for k in ("overall", *DIMENSIONS) if k in d.scores]
    if not chart:
        return f'<p class="muted">{_e(" · ".join(f"{t(k, lang)} {d.scores[k]}" for k in keys))}</p>'
    dims = [Bar(t(k, lang), d.scores.get(k) or 0, f"{d.scores.get(k, '–')}", score_tone(d.scores.get(k))) for k in keys]
    # narrow labels (the dimensions' names), so a phone shrinks the chart less
    return bar_chart(dims, 100, f"{d.source} {t('scores', lang)}", width=420, label_cells=12)


def _dataset(d: DatasetResult, lang: str, index: int, charts: bool) -> str:
    out = [
        f'<section class="dataset" id="dataset-{index}" data-status="{_e(d.status)}">',
        f'<h3><span class="badge {_e(d.status)}">{_e(t(d.status, lang))}</span> {_e(d.source)} '
        f'<span class="muted">({_e(t("findings", lang))}: <span class="visible">{len(d.findings)}</span>)'
        f"</span></h3>",
        _facts(d, lang),
        _dimensions(d, lang, charts),
    ]
    if d.findings:
        head = "".join(f"<th>{_e(heading(k, lang))}</th>" for k in ("rule", "severity", "message", "where", "count"))
        out.append(
            f'<table class="findings"><thead><tr>{head}</tr></thead><tbody>'
            + "".join(_finding_row(f, lang) for f in d.findings)
            + "</tbody></table>"
        )
    else:
        out.append(f'<p class="muted">{_e(t("no_findings", lang))}</p>')
    out.append("</section>")
    return "\n".join(out)


def render_html(report: Report, **_kwargs) -> str:
    lang = report.lang
    title = label("report_title", lang)
    meta = (
        f"{t('profile', lang)} {report.profile} · {t('as_of', lang)} {report.as_of} · "
        f"{label('generated', lang)} {report.generated_at} · {findings_line(report, lang)}"
    )
    if getattr(report, "scorecard", None):  # a portal: the scorecard and the findings by rule, not a page per dataset
        body = [
            f'<header><h1>{_e(title)}</h1><p class="meta">{_e(meta)}</p></header><main>',
            _summary(report, lang),
            _scorecard(report, lang),
            _findings_by_rule(report, lang),
            f"</main><footer>open-data-auditor {_e(report.tool_version)}</footer>",
        ]
        return _document(title, report, lang, body)
    body = [
        f'<header><h1>{_e(title)}</h1><p class="meta">{_e(meta)}</p></header><main>',
        _summary(report, lang),
        _scorecard(report, lang),
        _score_charts(report, lang),
        f"<h2>{_e(label('findings_title', lang))}</h2>",
        _filters(report, lang),
        *(_dataset(d, lang, i, len(report.datasets) <= MAX_DIMENSION_CHARTS) for i, d in enumerate(report.datasets)),
        f"</main><footer>open-data-auditor {_e(report.tool_version)}</footer>",
    ]
    return _document(title, report, lang, body)


def _document(title: str, report: Report, lang: str, body: list[str]) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)} · {_e(report.as_of)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(part for part in body if part)
        + f"\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
