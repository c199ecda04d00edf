"""Interface strings of the CI and governance formats, Chinese and English.

Shared words (pass, fail, column, the pack names...) come from `auditor.i18n`;
only what these formats add lives here.
"""
from __future__ import annotations

from .. import i18n
from ..model import Report

STRINGS = {
    "report_title": {"en": "Open data audit report", "zh": "开放数据审计报告"},
    "dataset": {"en": "Dataset", "zh": "数据集"},
    "status": {"en": "Status", "zh": "状态"},
    "severity": {"en": "Severity", "zh": "级别"},
    "pack": {"en": "Pack", "zh": "规则包"},
    "all": {"en": "All", "zh": "全部"},
    "search": {"en": "Search", "zh": "搜索"},
    "shown": {"en": "{n} of {total} findings shown", "zh": "显示 {n} / {total} 个问题"},
    "generated": {"en": "generated", "zh": "生成于"},
    "score_bars": {"en": "Scores per dataset", "zh": "各数据集评分"},
    "facts": {"en": "Facts", "zh": "概况"},
    "scorecard": {"en": "Portal scorecard", "zh": "门户评分卡"},
    "figures": {"en": "Figures", "zh": "指标"},
    "openness_stars": {"en": "openness stars", "zh": "开放星级"},
    "stars_dist": {"en": "Datasets by openness stars", "zh": "各开放星级的数据集数"},
    "more": {"en": "… and {n} more (see the full report)", "zh": "……另有 {n} 条（见完整报告）"},
    "more_bars": {"en": "… and {n} more", "zh": "……另有 {n} 项"},
    "min_score": {"en": "Overall score {score} is under the profile's minimum score",
                  "zh": "总分 {score} 低于配置要求的最低分"},
    "baseline": {"en": "Baseline {file}: {n} known finding(s) suppressed, {new} new",
                 "zh": "基线 {file}：已屏蔽 {n} 个已知问题，新问题 {new} 个"},
    "baseline_resolved": {"en": "; {n} known finding(s) no longer occur (refresh the baseline with --write-baseline)",
                          "zh": "；{n} 个已知问题已不再出现（可用 --write-baseline 更新基线）"},
    "verdict_pass": {"en": "all {n} datasets passed", "zh": "{n} 个数据集全部通过"},
    "verdict_fail": {"en": "{failed} of {n} datasets failed", "zh": "{n} 个数据集中 {failed} 个未通过"},
    "no_datasets": {"en": "No datasets were audited.", "zh": "没有审计任何数据集。"},
    "rule": {"en": "Rule", "zh": "规则"},
    "lowest": {"en": "The {n} lowest scores", "zh": "得分最低的 {n} 个数据集"},
    "score_bands": {"en": "Datasets by overall score", "zh": "各总分段的数据集数"},
    "findings_title": {"en": "Findings", "zh": "问题清单"},
    "details": {"en": "Metadata and timeliness", "zh": "元数据与时效"},
}


def label(key: str, lang: str, **params) -> str:
    entry = STRINGS.get(key)
    text = (entry.get(lang) or entry["en"]) if entry else i18n.t(key, lang)
    return text.format(**params) if params else text


def heading(key: str, lang: str) -> str:
    """A label as a column heading: capitalised in English."""
    text = label(key, lang)
    return text[:1].upper() + text[1:]


def verdict(report: Report, lang: str) -> str:
    s = report.summary()
    bad = s["failed"] + s["errored"]
    if bad:
        return label("verdict_fail", lang, failed=bad, n=s["datasets"])
    return label("verdict_pass", lang, n=s["datasets"])


def findings_line(report: Report, lang: str) -> str:
    f = report.summary()["findings"]
    return (f"{f['error']} {label('severity.error', lang)}, {f['warning']} {label('severity.warning', lang)}, "
            f"{f['info']} {label('severity.info', lang)}")


def baseline_note(report: Report, lang: str) -> str | None:
    """What --baseline hid, or None when no baseline was applied."""
    b = report.baseline
    if not b:
        return None
    note = label("baseline", lang, file=b.get("file", ""), n=b.get("suppressed", 0), new=b.get("new", 0))
    if b.get("resolved"):
        note += label("baseline_resolved", lang, n=b["resolved"])
    return note
