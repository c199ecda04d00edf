"""Interface strings in Chinese and English; rule messages live with their rules."""
from __future__ import annotations

import locale
import os
from typing import Any, NamedTuple

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
    "skipped": {"en": "skipped", "zh": "已跳过"},
}

# Command-line messages and help texts: the same catalogue, keys prefixed `cli.` and `help.`.
STRINGS.update({
    "cli.error": {"en": "audit: error: {message}", "zh": "audit：错误：{message}"},
    "cli.internal": {"en": "audit: internal error: {message}", "zh": "audit：内部错误：{message}"},
    "cli.debug_hint": {"en": " (run with --debug for details)", "zh": "（加 --debug 查看详情）"},
    "cli.interrupted": {"en": "audit: interrupted; nothing was written (a rerun resumes from the cache)",
                        "zh": "audit：已中断，未写出报告（再次运行会从缓存继续）"},
    "cli.nothing": {"en": "nothing to audit in {paths}: no data file found{detail}; name files directly, or widen --i"
                          "nclude / narrow --exclude",
                    "zh": "{paths} 中没有可审计的数据文件{detail}；请直接指定文件，或调整 --include / --exclude"},
    "cli.nothing_detail": {"en": " ({n} skipped: {counts})", "zh": "（跳过 {n} 个：{counts}）"},
    "cli.skip_note": {"en": "audit: note: {path} skipped: {reason}", "zh": "audit：提示：已跳过 {path}：{reason}"},
    "cli.skip_summary": {"en": "audit: note: {n} file(s) skipped ({counts}); --verbose lists them",
                         "zh": "audit：提示：已跳过 {n} 个文件（{counts}）；加 --verbose 查看清单"},
    "cli.no_paths": {"en": "give at least one file or folder to audit", "zh": "请至少指定一个要审计的文件或文件夹"},
    "cli.baseline_written": {"en": "audit: baseline {file}: {n} finding(s) recorded",
                             "zh": "audit：基线 {file}：已记录 {n} 个问题"},
    "cli.baseline_both": {"en": "--baseline and --write-baseline cannot be combined: write a baseline from a full run",
                          "zh": "--baseline 与 --write-baseline 不能同时使用：请先完整运行一次再写基线"},
    "cli.unknown_rule": {"en": "unknown rule {code!r}; run 'audit rules' for the list",
                         "zh": "未知规则 {code!r}；运行 audit rules 查看规则清单"},
    "cli.portal_unreachable": {"en": "the portal catalogue cannot be read: {error}", "zh": "无法读取门户目录：{error}"},
    "cli.output_dir": {"en": "cannot write {file}: {reason}", "zh": "无法写入 {file}：{reason}"},
    "cli.exit_zero_note": {"en": "audit: note: exit code 0 (--exit-zero or fail-on never) although "
                                 "{n} dataset(s) failed",
                           "zh": "audit：提示：虽有 {n} 个数据集未通过，退出码仍为 0（--exit-zero 或 fail-on never）"},
    "rules.head": {"en": "{code} {name} ({pack}, default severity {severity})",
                   "zh": "{code} {name}（{pack}，默认级别：{severity}）"},
    "rules.options": {"en": "Options:", "zh": "选项："},
    "rules.fails_on": {"en": "Fails on ({file}):", "zh": "不通过的示例（{file}）："},
    "rules.passes_on": {"en": "Passes on ({file}):", "zh": "通过的示例（{file}）："},
    "rules.clipped": {"en": "… ({n} characters)", "zh": "……（共 {n} 个字符）"},
    "rules.empty_file": {"en": "(an empty file)", "zh": "（空文件）"},
    "rules.encoded_as": {"en": "(saved as {encoding})", "zh": "（以 {encoding} 编码保存）"},
    "rules.bytes": {"en": "bytes (hex): {hex} ({n} bytes)", "zh": "字节（十六进制）：{hex}（共 {n} 字节）"},
    "rules.sheet": {"en": "sheet {name}:", "zh": "工作表 {name}："},
    "rules.sheet_hidden": {"en": "sheet {name} (hidden):", "zh": "工作表 {name}（隐藏）："},
    "rules.merged": {"en": "merged cells: {ranges}", "zh": "合并单元格：{ranges}"},
    "rules.hidden_rows": {"en": "hidden rows: {rows}", "zh": "隐藏的行：{rows}"},
    "rules.style_row": {"en": "a formatted empty cell at row {row}", "zh": "第 {row} 行有一个设置了格式的空单元格"},
    "rules.sidecar": {"en": "with the sidecar {name}:", "zh": "附属元数据文件 {name}："},
    "rules.args": {"en": "run with: {args}", "zh": "运行参数：{args}"},
    "err.path_missing": {"en": "path does not exist: {path}", "zh": "路径不存在：{path}"},
    "err.metadata_missing": {"en": "metadata file does not exist: {path}", "zh": "元数据文件不存在：{path}"},
    "err.profile_not_found": {"en": "profile file not found: {path}", "zh": "找不到配置文件：{path}"},
    "err.profile_unknown": {"en": "unknown profile {name!r}; built-in profiles: {names}",
                            "zh": "未知配置 {name!r}；内置配置：{names}"},
    "err.profile_keys": {"en": "profile {where}: unknown key(s) {keys}", "zh": "配置 {where}：未知键 {keys}"},
    "err.profile_rule": {"en": "profile {where}: unknown rule {ref!r}", "zh": "配置 {where}：未知规则 {ref!r}"},
    "err.profile_option": {"en": "profile {where}: unknown option {key!r} for rule {code} (options: {known})",
                           "zh": "配置 {where}：规则 {code} 没有选项 {key!r}（可用选项：{known}）"},
    "err.selector": {"en": "{where}: {key} names no known rule: {sel!r}",
                     "zh": "{where}：{key} 中的 {sel!r} 不是已知规则"},
    "err.option": {"en": "profile {where}: rule {code} option {key}: {problem}",
                   "zh": "配置 {where}：规则 {code} 的选项 {key}：{problem}"},
    "err.relation": {"en": "profile {where}: rule {code} option {left} ({a!r}) must be {op} {right} ({b!r})",
                     "zh": "配置 {where}：规则 {code} 的选项 {left}（{a!r}）必须 {op} {right}（{b!r}）"},
    "err.settings_not_found": {"en": "settings file not found: {path}", "zh": "找不到设置文件：{path}"},
    "err.settings_key": {"en": "settings file {path}: unknown key '{key}'{hint}; known: {known}",
                         "zh": "设置文件 {path}：未知键“{key}”{hint}；可用的键：{known}"},
    "err.settings_hint": {"en": " (did you mean '{close}'?)", "zh": "（是否应为“{close}”？）"},
    "err.settings_value": {"en": "settings file {path}: '{key}' must be {want}, got {value!r}",
                           "zh": "设置文件 {path}：“{key}”应为 {want}，实际为 {value!r}"},
    "err.compare_needs_reports": {"en": "give portal reports (audit portal --format json -o FILE) or --store FILE",
                                  "zh": "请给出门户报告（audit portal --format json -o 文件）或 --store 文件"},
    "err.portal_needs_source": {"en": "give --city NAME or --source URL|PATH",
                                "zh": "请指定 --city 城市名 或 --source 地址|路径"},
    "opt.empty": {"en": "must not be empty", "zh": "不能为空"},
    "opt.type": {"en": "must be {want}, got {got} {value!r}", "zh": "应为{want}，实际为 {got} {value!r}"},
    "opt.items": {"en": "every element must be {want}, got {value!r}", "zh": "每个元素都应为{want}，实际有 {value!r}"},
    "opt.code": {"en": "names no known rule code: {value!r}", "zh": "{value!r} 不是已知的规则代码"},
    "opt.choice": {"en": "must be one of {choices}, got {value!r}", "zh": "应为 {choices} 之一，实际为 {value!r}"},
    "opt.min": {"en": "must be at least {bound}, got {value!r}", "zh": "不能小于 {bound}，实际为 {value!r}"},
    "opt.max": {"en": "must be at most {bound}, got {value!r}", "zh": "不能大于 {bound}，实际为 {value!r}"},
    "type.bool": {"en": "true or false", "zh": "布尔值（true 或 false）"},
    "type.int": {"en": "an integer", "zh": "整数"},
    "type.float": {"en": "a number", "zh": "数值"},
    "type.str": {"en": "a text", "zh": "文本"},
    "type.list": {"en": "a list", "zh": "列表"},
    "reason.not_data": {"en": "not a data file", "zh": "不是数据文件"},
    "reason.document": {"en": "a document or image (name it, or --include it, to audit)",
                        "zh": "文档或图片（直接指定或用 --include 才审计）"},
    "reason.config": {"en": "configuration, not data", "zh": "配置文件，不是数据"},
    "reason.own_output": {"en": "a report written by this tool", "zh": "本工具生成的报告"},
    "reason.excluded": {"en": "excluded", "zh": "已排除"},
    "reason.not_included": {"en": "not matched by --include", "zh": "不匹配 --include"},
    "reason.hidden": {"en": "hidden", "zh": "隐藏文件"},
    "reason.sidecar": {"en": "a metadata sidecar", "zh": "元数据附属文件"},
    "help.main": {"en": "Audit government open data: machine readability, completeness, timeliness, sensitive fields.",
                  "zh": "审计政府开放数据：机器可读性、完整性、时效性与敏感信息。"},
    "help.check": {"en": "Audit data files, folders (recursive) or datapackage.json files.",
                   "zh": "审计数据文件、文件夹（递归）或 datapackage.json。"},
    "help.portal": {"en": "Audit a whole portal catalogue and print its scorecard (the seed study's tables, now).\n\n"
                          "Exit 0 every dataset passed; 1 a dataset failed, a part of the catalogue could not be read"
                          ", or the portal could not be reached at all; 2 usage error; 3 the tool failed.",
                    "zh": "审计整个门户目录并输出评分卡（即研究报告中的各表，按今天的数据）。\n\n退出码 0 全部通过；1"
                          " 有数据集未通过、目录部分无法读取或门户无法访问；2 用法错误；3 工具自身出错。"},
    "help.rules": {"en": "List the rule catalog, or explain one rule.", "zh": "列出规则目录，或解释一条规则。"},
    "help.profiles": {"en": "List profiles, or show one fully resolved.", "zh": "列出配置，或显示一个配置的完整内容。"},
    "help.schema": {"en": "Print the JSON Schema of the report or of sidecar metadata.",
                    "zh": "输出报告或元数据附属文件的 JSON Schema。"},
    "help.compare": {"en": "Portals side by side: a column per portal report (audit portal --format json), a row per "
                           "figure.",
                     "zh": "门户并排对比：每份门户报告（audit portal --format json）一列，每项指标一行。"},
    "help.usage": {"en": "Usage:", "zh": "用法："},
    "help.options": {"en": "Options", "zh": "选项"},
    "help.commands": {"en": "Commands", "zh": "命令"},
    "help.opt.version": {"en": "Show the version and exit.", "zh": "显示版本并退出。"},
    "help.opt.help": {"en": "Show this message and exit.", "zh": "显示本帮助并退出。"},
    "help.opt.metadata": {"en": "Metadata file for the data (YAML/JSON, Chinese or English keys, or datapackage.json)"
                                ".",
                          "zh": "数据的元数据文件（YAML/JSON，中文或英文键，或 datapackage.json）。"},
    "help.opt.profile": {"en": "Built-in profile name or a YAML file.", "zh": "内置配置名或 YAML 配置文件。"},
    "help.opt.format": {"en": "auto: github under GitHub Actions, colour on a terminal, plain text otherwise; with -o"
                              ", the file's extension (.xml junit, .sarif, .html, .md, .json).",
                        "zh": "auto：在 GitHub Actions 中为 github，终端上为彩色，否则为纯文本；配合 -o 时按文件扩展"
                              "名（.xml junit、.sarif、.html、.md、.json）。"},
    "help.opt.output": {"en": "Write the report to this file (missing folders are created).",
                        "zh": "把报告写入该文件（缺少的文件夹会自动创建）。"},
    "help.opt.baseline": {"en": "Report only findings this baseline does not know; the exit code follows the new ones"
                                ".",
                          "zh": "只报告基线中没有的问题；退出码只看新问题。"},
    "help.opt.write_baseline": {"en": "Record the current findings (by code, file, table, column) as a baseline in FI"
                                      "LE.",
                                "zh": "把当前问题（按代码、文件、数据表、列）记录为基线文件 FILE。"},
    "help.opt.select": {"en": "Only these codes or prefixes (e.g. SF,MR001).",
                        "zh": "只运行这些代码或前缀（如 SF,MR001）。"},
    "help.opt.ignore": {"en": "Skip these codes or prefixes.", "zh": "跳过这些代码或前缀。"},
    "help.opt.fail_on": {"en": "Lowest severity that fails a dataset (default from the profile: error); never: same s"
                               "tatuses, exit code 0 (prefer --exit-zero).",
                         "zh": "判定数据集未通过的最低级别（默认取配置：error）；never：状态不变、退出码为 0（建议用 "
                               "--exit-zero）。"},
    "help.opt.exit_zero": {"en": "Report the true statuses but exit 0 even when datasets fail (usage errors stay 2).",
                           "zh": "如实报告状态，但即使有数据集未通过也以 0 退出（用法错误仍为 2）。"},
    "help.opt.as_of": {"en": "Pin 'today' for timeliness (YYYY-MM-DD).",
                       "zh": "固定时效判断所用的“今天”（YYYY-MM-DD）。"},
    "help.opt.lang": {"en": "Message language (default from the config file, then the locale).",
                      "zh": "消息语言（默认取配置文件，其次取系统区域设置）。"},
    "help.opt.no_examples": {"en": "Drop example values from findings.", "zh": "问题中不显示示例值。"},
    "help.opt.rules_dir": {"en": "A folder of extra rule packs.", "zh": "额外规则包所在的文件夹。"},
    "help.opt.no_plugins": {"en": "Do not load third-party rule packs from entry points.",
                            "zh": "不加载通过入口点注册的第三方规则包。"},
    "help.opt.color": {"en": "Colour in terminal output (default: on a terminal, unless NO_COLOR is set).",
                       "zh": "终端输出是否带颜色（默认：在终端上带颜色，设置了 NO_COLOR 时不带）。"},
    "help.opt.debug": {"en": "Show tracebacks for internal errors (values are still redacted).",
                       "zh": "内部错误时显示调用栈（数据值仍会脱敏）。"},
    "help.opt.quiet": {"en": "Print only the verdict and the counts.", "zh": "只输出结论和计数。"},
    "help.opt.verbose": {"en": "Print every example and every skipped file with its reason.",
                         "zh": "输出全部示例，以及每个被跳过的文件及原因。"},
    "help.opt.config": {"en": "Read settings from this file (.audit.yaml or pyproject.toml) instead of searching upwa"
                              "rd.",
                        "zh": "从该文件（.audit.yaml 或 pyproject.toml）读取设置，而不是向上查找。"},
    "help.opt.isolated": {"en": "Ignore every configuration file.", "zh": "忽略所有配置文件。"},
    "help.opt.include": {"en": "Audit only files matching these globs (replaces the data-extension test).",
                         "zh": "只审计匹配这些通配符的文件（取代按数据扩展名筛选）。"},
    "help.opt.exclude": {"en": "Globs of files and folders to skip (replaces the default list: .git, node_modules, .."
                               ".).",
                         "zh": "要跳过的文件和文件夹通配符（取代默认清单：.git、node_modules 等）。"},
    "help.opt.extend_exclude": {"en": "Globs to skip in addition to the default list.",
                                "zh": "在默认清单之外再跳过的通配符。"},
    "help.opt.force_exclude": {"en": "Apply the exclusions to files named on the command line too (for hooks).",
                               "zh": "对命令行直接指定的文件也应用排除规则（供钩子使用）。"},
    "help.opt.city": {"en": "A city profile with a portal block (audit profiles), e.g. beijing or demo.",
                      "zh": "带门户信息的城市配置（见 audit profiles），如 beijing 或 demo。"},
    "help.opt.source": {"en": "Catalogue URL (CKAN, DCAT, Socrata, OpenDataSoft) or a path: an export or a folder.",
                        "zh": "目录地址（CKAN、DCAT、Socrata、OpenDataSoft）或路径：目录导出文件或文件夹。"},
    "help.opt.type": {"en": "The kind of catalogue (detected when omitted).", "zh": "目录类型（省略时自动识别）。"},
    "help.opt.metadata_only": {"en": "Judge the catalogue's metadata only, or also download and audit each distributi"
                                     "on and check links.",
                               "zh": "只评判目录元数据，或同时下载并审计每个资源、检查链接。"},
    "help.opt.limit": {"en": "Audit at most N datasets.", "zh": "最多审计 N 个数据集。"},
    "help.opt.concurrency": {"en": "Parallel requests.", "zh": "并发请求数。"},
    "help.opt.cache": {"en": "Keep responses here; a rerun resumes from them.",
                       "zh": "把响应保存在此；再次运行会从这里继续。"},
    "help.opt.timeout": {"en": "Seconds per request.", "zh": "每个请求的超时秒数。"},
    "help.opt.deadline": {"en": "Seconds a whole request may take, body included (default: 4 x --timeout).",
                          "zh": "整个请求（含响应体）最多允许的秒数（默认：--timeout 的 4 倍）。"},
    "help.opt.max_size": {"en": "Largest response read, in MB.", "zh": "读取的最大响应大小（MB）。"},
    "help.opt.retries": {"en": "Retries on 429, 5xx and timeouts (with backoff, honouring Retry-After).",
                         "zh": "遇到 429、5xx 和超时时的重试次数（退避等待，遵守 Retry-After）。"},
    "help.opt.portal_profile": {"en": "Rules from this profile instead of the city's.",
                                "zh": "使用该配置的规则，而不是城市配置的。"},
    "help.opt.rules_format": {"en": "text for people, json for tools.", "zh": "text 供人阅读，json 供程序使用。"},
    "help.opt.compare_format": {"en": "terminal for people, json for tools.",
                                "zh": "terminal 供人阅读，json 供程序使用。"},
    "help.opt.store": {"en": "Record the run in this history database (SQLite).",
                       "zh": "把本次运行记录到该历史数据库（SQLite）。"},
    "help.opt.compare_store": {"en": "Take portals from this history store: each one's latest run, "
                                     "or the runs given by --run.",
                               "zh": "从该历史数据库取门户：各门户最近一次运行，或 --run 指定的运行。"},
    "help.opt.compare_run": {"en": "A run id in the store (repeatable).", "zh": "历史数据库中的运行编号（可重复）。"},
    "help.opt.compare_city": {"en": "With --store: only this portal or city.",
                              "zh": "配合 --store：只取该门户或城市。"},
    "help.opt.history_format": {"en": "text for people, json for tools, html for a page.",
                                "zh": "text 供人阅读，json 供程序使用，html 生成网页。"},
    "help.opt.compare_output": {"en": "Write the comparison to this file.", "zh": "把对比结果写入该文件。"},
})


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


class Msg(NamedTuple):
    """A catalogue key with its parameters, rendered later in the reader's language."""

    key: str
    params: dict[str, Any]


def render(key: str, lang: str, params: dict[str, Any]) -> str:
    """`t` with parameters that may themselves be `Msg`s (a problem inside an error)."""
    return t(key, lang, **{k: render(v.key, lang, v.params) if isinstance(v, Msg) else v for k, v in params.items()})


def t(key: str, lang: str, /, **params) -> str:
    """The text of `key` in `lang` (English when missing), formatted with `params`."""
    entry = STRINGS.get(key)
    if not entry:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**params) if params else text
