"""Interface strings in Chinese and English; rule messages live with their rules."""
from __future__ import annotations

import locale
import os

LANGS = ("zh", "en")

STRINGS = {
    "pass": {"en": "PASS", "zh": "通过"},
    "fail": {"en": "FAIL", "zh": "未通过"},
    "error": {"en": "ERROR", "zh": "出错"},
    "format": {"en": "format", "zh": "格式"},
    "encoding": {"en": "encoding", "zh": "编码"},
    "rows": {"en": "rows", "zh": "行"},
    "columns": {"en": "columns", "zh": "列"},
    "frequency_normalised": {"en": "normalised", "zh": "规范化频率"},
    "newest_content_date": {"en": "newest date in data", "zh": "数据最新日期"},
    "due": {"en": "due", "zh": "应更新日期"},
    "days_overdue": {"en": "days overdue", "zh": "逾期天数"},
    "table": {"en": "table", "zh": "数据表"},
    "scores": {"en": "Scores", "zh": "评分"},
    "overall": {"en": "overall", "zh": "总分"},
    "machine_readability": {"en": "machine readability", "zh": "机器可读"},
    "completeness": {"en": "completeness", "zh": "完整性"},
    "timeliness": {"en": "timeliness", "zh": "时效性"},
    "sensitive": {"en": "sensitive data", "zh": "敏感信息"},
    "no_findings": {"en": "No findings.", "zh": "未发现问题。"},
    "summary": {"en": "Summary", "zh": "汇总"},
    "datasets": {"en": "datasets", "zh": "数据集"},
    "passed": {"en": "passed", "zh": "通过"},
    "failed": {"en": "failed", "zh": "未通过"},
    "errored": {"en": "errored", "zh": "出错"},
    "findings": {"en": "findings", "zh": "问题"},
    "severity.error": {"en": "error", "zh": "错误"},
    "severity.warning": {"en": "warning", "zh": "警告"},
    "severity.info": {"en": "info", "zh": "提示"},
    "count": {"en": "count", "zh": "次数"},
    "where": {"en": "where", "zh": "位置"},
    "message": {"en": "message", "zh": "说明"},
    "code": {"en": "code", "zh": "代码"},
    "row": {"en": "row", "zh": "行"},
    "column": {"en": "column", "zh": "列"},
    "examples": {"en": "e.g.", "zh": "例"},
    "tool_errors": {"en": "Tool errors (the auditor itself failed)", "zh": "工具错误（审计工具自身失败）"},
    "profile": {"en": "profile", "zh": "配置"},
    "as_of": {"en": "as of", "zh": "基准日期"},
    "metadata": {"en": "metadata", "zh": "元数据"},
    "frequency": {"en": "declared frequency", "zh": "更新频率"},
    "modified": {"en": "last modified", "zh": "最后更新"},
    "publisher": {"en": "publisher", "zh": "提供方"},
    "title": {"en": "title", "zh": "名称"},
    "reading": {"en": "Reading", "zh": "读取"},
}


def default_lang() -> str:
    """Chinese when the user's locale is Chinese, English otherwise."""
    for var in ("AUDIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh" if loc.lower().startswith("zh") else "en"


def t(key: str, lang: str) -> str:
    entry = STRINGS.get(key)
    if not entry:
        return key
    return entry.get(lang) or entry["en"]
