"""What `audit fix` prints: the repairs per table, scores before and after, what is left."""
from __future__ import annotations

from .. import redact
from .changes import UNRESOLVED
from .run import FixResult, dimension_means

DIMENSIONS = ("overall", "machine_readability", "completeness", "timeliness", "sensitive")
_WORDS = {
    "en": {"scores": "Scores (mean over datasets): before → after",
           "left": "Findings a repair should have removed:",
           "unreadable": "Could not be read, nothing written:", "skipped": "No table to repair:",
           "ok": "Every repaired finding is gone.",
           "dry": "Dry run: nothing written.", "check": "check by hand"},
    "zh": {"scores": "评分（各数据集平均）：修复前 → 修复后", "left": "应已修复但仍存在的问题：",
           "unreadable": "无法读取，未写出：", "skipped": "没有可修复的数据表：",
           "ok": "已修复的问题在输出中全部消除。",
           "dry": "试运行：未写出任何文件。", "check": "需人工核对"},
}


def render_fix(result: FixResult, lang: str) -> str:
    words = _WORDS.get(lang, _WORDS["en"])
    lines = []
    for w in result.tables:
        lines.append(f"{w.log.table} → {w.path or '-'}: {w.rows} rows")
        for c in w.log.changes():
            mark = f" ({words['check']})" if c.action in UNRESOLVED else ""
            where = f" [{c.column}]" if c.column else ""
            lines.append(f"  {c.code or '—'}{where}: {c.text(lang)}{mark}")
    if result.unreadable:
        lines.append(words["unreadable"] + " " + ", ".join(result.unreadable))
    if result.skipped:
        lines.append(words["skipped"] + " " + ", ".join(result.skipped))
    if result.after is None:
        if result.dry_run:
            lines.append(words["dry"])
        return redact.scrub("\n".join(lines)) + "\n"
    before, after = dimension_means(result.before), dimension_means(result.after)
    lines.append(words["scores"])
    for dim in DIMENSIONS:
        if dim in before or dim in after:
            lines.append(f"  {dim:<20} {before.get(dim, 0):>5.1f} → {after.get(dim, 0):>5.1f}")
    if result.remaining:
        lines.append(words["left"])
        for r in result.remaining:
            where = " · ".join(str(r[k]) for k in ("source", "table", "column") if r.get(k))
            lines.append(f"  {r['code']} {where}: {r['count']}")
    else:
        lines.append(words["ok"])
    lines.append(f"→ {result.package}")
    return redact.scrub("\n".join(lines)) + "\n"
