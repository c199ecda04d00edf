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


# Errors from settings, profiles, baselines, portals, reports and history stores (exit 2).
STRINGS.update({
    "err.at_line": {"en": " at line {line}", "zh": "（第 {line} 行）"},
    "err.settings_unreadable": {"en": "settings file {path}: cannot be read ({reason})",
                                "zh": "设置文件 {path}：无法读取（{reason}）"},
    "err.settings_toml": {"en": "settings file {path}: invalid TOML ({reason})",
                          "zh": "设置文件 {path}：TOML 格式错误（{reason}）"},
    "err.dept_bucket_name": {"en": "profile: each non_departments entry needs a name",
                             "zh": "配置：non_departments 的每一项都需要 name"},
    "err.dept_attribute_from": {"en": "profile: non_departments attribute_from takes {fields}, not {unknown}",
                                "zh": "配置：non_departments 的 attribute_from 只接受 {fields}，不接受 {unknown}"},
    "err.dept_pattern": {"en": "profile: non_departments pattern for {name}: {error}",
                         "zh": "配置：non_departments 中 {name} 的 pattern 有误：{error}"},
    "err.dept_aliases": {"en": "profile: department_aliases maps a spelling to the department's name",
                         "zh": "配置：department_aliases 应把一种写法映射到部门名称"},
    "err.dept_prefixes": {"en": "profile: department_prefixes maps a prefix to its short forms",
                          "zh": "配置：department_prefixes 应把前缀映射到它的简称"},
    "err.dept_prefix_forms": {"en": "profile: department_prefixes {prefix} needs a short form or a list of them",
                              "zh": "配置：department_prefixes 中的 {prefix} 需要一个简称或简称列表"},
    "why.yaml_aliases": {"en": "more than {limit} alias uses (at line {line}): refused, because aliases can "
                                "expand into gigabytes (billion laughs)",
                         "zh": "别名引用超过 {limit} 次（第 {line} 行）：拒绝读取，因为别名可能展开成数 GB 的数据"
                               "（“十亿笑声”攻击）"},
    "why.yaml_tag": {"en": "an explicit YAML tag at line {line}: tags are not accepted in metadata or profiles",
                     "zh": "第 {line} 行有显式 YAML 标签：元数据和配置文件不接受标签"},
    "why.outside": {"en": "{what} leading outside {folder}: not read", "zh": "{what}指向 {folder} 之外：未读取"},
    "why.symlink": {"en": "a symbolic link", "zh": "符号链接"},
    "why.path": {"en": "a path", "zh": "路径"},
    "why.not_regular": {"en": "{kind}, not a regular file: not read", "zh": "{kind}，不是普通文件：未读取"},
    "why.fifo": {"en": "a named pipe (FIFO)", "zh": "命名管道（FIFO）"},
    "why.char_device": {"en": "a character device", "zh": "字符设备"},
    "why.block_device": {"en": "a block device", "zh": "块设备"},
    "why.socket": {"en": "a socket", "zh": "套接字"},
    "why.folder": {"en": "a folder", "zh": "文件夹"},
    "why.broken_link": {"en": "a broken link or missing file", "zh": "失效的链接或缺失的文件"},
    "why.missing": {"en": "a missing file", "zh": "缺失的文件"},
    "why.unexaminable": {"en": "a file that cannot be examined ({error})", "zh": "无法检查的文件（{error}）"},
    "why.irregular": {"en": "not a regular file", "zh": "不是普通文件"},
    "err.settings_refused": {"en": "settings file {path}: refused ({reason})",
                             "zh": "设置文件 {path}：拒绝读取（{reason}）"},
    "err.settings_yaml": {"en": "settings file {path}: invalid YAML{where}",
                          "zh": "设置文件 {path}：YAML 格式错误{where}"},
    "err.settings_mapping": {"en": "settings file {path}: expected a mapping of settings",
                             "zh": "设置文件 {path}：应为键值形式的设置"},
    "err.settings_strings": {"en": "settings file {path}: '{key}' must be a list of strings",
                             "zh": "设置文件 {path}：“{key}”应为字符串列表"},
    "err.settings_per_path": {"en": "settings file {path}: '{key}' must map path globs to lists of codes",
                              "zh": "设置文件 {path}：“{key}”应把路径通配符映射到规则代码列表"},
    "err.override_list": {"en": "settings file {path}: 'overrides' must be a list of mappings with 'paths' and any of "
                                 "profile, select, ignore, fail-on",
                          "zh": "设置文件 {path}：overrides 应为映射列表，每项含 paths，以及 profile、select、ignore、"
                                "fail-on 中的任意几项"},
    "err.override_paths": {"en": "settings file {path}: overrides[{index}] needs 'paths', a list of globs",
                           "zh": "设置文件 {path}：overrides[{index}] 缺少 paths（通配符列表）"},
    "err.profile_loop": {"en": "profile extends itself in a loop: {chain}", "zh": "配置循环继承自身：{chain}"},
    "err.profile_refused": {"en": "profile {where}: refused ({reason})", "zh": "配置 {where}：拒绝读取（{reason}）"},
    "err.profile_yaml": {"en": "profile {where}: invalid YAML{line}", "zh": "配置 {where}：YAML 格式错误{line}"},
    "err.profile_mapping": {"en": "profile {where}: expected a mapping at the top level",
                            "zh": "配置 {where}：顶层应为键值映射"},
    "err.profile_rules": {"en": "profile {where}: 'rules' must be a mapping of rule code to settings",
                          "zh": "配置 {where}：rules 应把规则代码映射到其设置"},
    "err.profile_rule_settings": {"en": "profile {where}: settings of {code} must be a mapping",
                                  "zh": "配置 {where}：{code} 的设置应为键值映射"},
    "err.profile_severity": {"en": "profile {where}: {key} must be error, warning or info, got {value!r}",
                             "zh": "配置 {where}：{key} 应为 error、warning 或 info，实际为 {value!r}"},
    "err.profile_fail_on": {"en": "profile {where}: fail_on must be error, warning, info or never, got {value!r}",
                            "zh": "配置 {where}：fail_on 应为 error、warning、info 或 never，实际为 {value!r}"},
    "err.profile_enabled": {"en": "profile {where}: {code}.enabled must be true or false",
                            "zh": "配置 {where}：{code}.enabled 应为 true 或 false"},
    "err.profile_extends": {"en": "profile {where}: 'extends' must be a profile name or path",
                            "zh": "配置 {where}：extends 应为配置名或路径"},
    "err.profile_timezone": {"en": "profile {where}: unknown timezone {zone!r}",
                             "zh": "配置 {where}：未知时区 {zone!r}"},
    "err.profile_weights": {"en": "profile {where}: unknown weight dimension(s) {names} (dimensions: {known})",
                            "zh": "配置 {where}：未知的权重维度 {names}（可用维度：{known}）"},
    "err.profile_weight": {"en": "profile {where}: weight {name} must be a number of 0 or more, got {value!r}",
                           "zh": "配置 {where}：权重 {name} 应为不小于 0 的数值，实际为 {value!r}"},
    "err.profile_min_score": {"en": "profile {where}: min_score must be a number from 0 to 100, got {value!r}",
                              "zh": "配置 {where}：min_score 应为 0 到 100 之间的数值，实际为 {value!r}"},
    "err.profile_limits": {"en": "profile {where}: 'limits' must be a mapping of limit name to value",
                           "zh": "配置 {where}：limits 应把限额名映射到数值"},
    "err.profile_limit": {"en": "profile {where}: unknown limit {key!r} (limits: {known})",
                          "zh": "配置 {where}：未知限额 {key!r}（可用限额：{known}）"},
    "err.profile_limit_value": {"en": "profile {where}: limit {key} must be {want}, got {value!r}",
                                "zh": "配置 {where}：限额 {key} 应为{want}，实际为 {value!r}"},
    "limit.number": {"en": "a positive number", "zh": "正数"},
    "limit.size": {"en": "a positive whole number or a size such as 512MiB", "zh": "正整数或 512MiB 这样的大小"},
    "err.baseline_missing": {"en": "baseline file does not exist: {path}", "zh": "基线文件不存在：{path}"},
    "err.baseline_unreadable": {"en": "baseline file {path} cannot be read: {reason}",
                                "zh": "无法读取基线文件 {path}：{reason}"},
    "err.baseline_version": {"en": "{path} is not an audit baseline (expected baseline_version {version!r}); write one "
                                   "with --write-baseline",
                             "zh": "{path} 不是审计基线（应有 baseline_version {version!r}）；"
                                   "请用 --write-baseline 生成"},
    "err.baseline_malformed": {"en": "baseline file {path} is malformed: {reason}",
                               "zh": "基线文件 {path} 结构有误：{reason}"},
    "err.portal_no_block": {"en": "profile {city!r} has no 'portal' block, so it names no portal; use a city profile "
                                  "(audit profiles) or --source",
                            "zh": "配置 {city!r} 没有 portal 部分，未指明门户；"
                                  "请使用城市配置（见 audit profiles）或 --source"},
    "err.portal_no_endpoint": {"en": "the {city} profile records no catalogue endpoint{note}; pass --source URL|PATH",
                               "zh": "{city} 配置没有记录目录地址{note}；请用 --source 地址|路径 指定"},
    "err.source_missing": {"en": "source does not exist: {location}", "zh": "来源不存在：{location}"},
    "err.portal_kind": {"en": "cannot tell what kind of catalogue {location} serves; pass --type "
                              "ckan|dcat|socrata|opendatasoft|catalog",
                        "zh": "无法判断 {location} 提供的目录类型；"
                              "请用 --type ckan|dcat|socrata|opendatasoft|catalog 指定"},
    "err.portal_type": {"en": "unknown --type {kind!r}; use one of {types}",
                        "zh": "未知的 --type {kind!r}；可选：{types}"},
    "err.export_no_title": {"en": "{label}: no table has a dataset-title column (数据集名称, 数据名称, title...); map "
                                  "the export's columns in the profile's catalog_columns",
                            "zh": "{label}：没有任何表含数据集名称列（数据集名称、数据名称、title 等）；"
                                  "请在配置的 catalog_columns 中映射导出文件的列"},
    "err.fix_inside": {"en": "the output folder must be outside the input: {path}",
                       "zh": "输出文件夹必须在输入之外：{path}"},
    "fix.unmasked": {"en": "personal data written unmasked (--keep-sensitive): do not publish OUT_DIR as it is",
                     "zh": "个人信息未遮蔽即写出（--keep-sensitive）：不要直接发布 OUT_DIR"},
    "err.report_missing": {"en": "report does not exist: {path}", "zh": "报告不存在：{path}"},
    "err.report_not_json": {"en": "{path} is not a JSON report (write one with audit portal --format json -o FILE)",
                            "zh": "{path} 不是 JSON 报告（可用 audit portal --format json -o 文件 生成）"},
    "err.report_no_scorecard": {"en": "{path} is not a portal report: it has no scorecard (audit portal --format json)",
                                "zh": "{path} 不是门户报告：其中没有评分卡（audit portal --format json）"},
    "err.history_empty": {"en": "the history store {path} holds no runs", "zh": "历史数据库 {path} 中没有运行记录"},
    "err.history_empty_portal": {"en": "the history store {path} holds no runs of {portal!r}",
                                 "zh": "历史数据库 {path} 中没有 {portal!r} 的运行记录"},
    "err.history_no_runs": {"en": "the history store {path} holds no such runs",
                            "zh": "历史数据库 {path} 中没有这些运行记录"},
    "err.history_newer": {"en": "the history store is schema v{current}, newer than this audit (v{version})",
                          "zh": "历史数据库的结构版本为 v{current}，比本工具支持的（v{version}）更新"},
    "err.history_not_store": {"en": "{path} is not a history store: {reason}", "zh": "{path} 不是历史数据库：{reason}"},
})

# Errors of `audit sweep` (its file, its portals, its cluster).
STRINGS.update({
    "err.sweep_value": {"en": "{where}: '{key}' must be {want}, not {value!r}",
                        "zh": "{where}：{key} 应为{want}，实际为 {value!r}"},
    "err.sweep_positive": {"en": "{where}: '{key}' must be positive, not {value!r}",
                           "zh": "{where}：{key} 应为正数，实际为 {value!r}"},
    "sweep.kind.bool": {"en": "true or false", "zh": "true 或 false"},
    "sweep.kind.int": {"en": "a whole number", "zh": "整数"},
    "sweep.kind.float": {"en": "a number", "zh": "数值"},
    "sweep.kind.list": {"en": "a list of codes", "zh": "代码列表"},
    "sweep.kind.date": {"en": "a date (YYYY-MM-DD)", "zh": "日期（YYYY-MM-DD）"},
    "sweep.kind.str": {"en": "a string", "zh": "文本"},
    "err.sweep_key": {"en": "{where}: unknown key {key!r}; use one of {known}",
                      "zh": "{where}：未知键 {key!r}；可用的键：{known}"},
    "err.sweep_contradiction": {"en": "{where}: 'metadata_only' and 'download' contradict each other",
                                "zh": "{where}：metadata_only 与 download 相互矛盾"},
    "err.sweep_no_source": {"en": "{where}: give 'city' or 'source'", "zh": "{where}：请给出 city 或 source"},
    "err.sweep_type": {"en": "{where}: unknown type {kind!r}; use one of {types}",
                       "zh": "{where}：未知类型 {kind!r}；可选：{types}"},
    "err.sweep_fail_on": {"en": "{where}: 'fail_on' must be error, warning, info or never",
                          "zh": "{where}：fail_on 应为 error、warning、info 或 never"},
    "err.sweep_lang": {"en": "{where}: 'lang' must be zh or en", "zh": "{where}：lang 应为 zh 或 en"},
    "err.sweep_empty": {"en": "the sweep names no portals: give a sweep file with 'portals:' or --city/--source",
                        "zh": "批量审计没有指定门户：请给出含 portals: 的批量审计文件，或 --city/--source"},
    "err.sweep_entry": {"en": "portal {index}: expected a mapping of options, not {found}",
                        "zh": "门户 {index}：应为选项映射，实际为 {found}"},
    "err.sweep_name": {"en": "{where}: portal names must be unique and not empty ({name!r})",
                       "zh": "{where}：门户名称不能为空且不能重复（{name!r}）"},
    "err.sweep_missing": {"en": "sweep file does not exist: {path}", "zh": "批量审计文件不存在：{path}"},
    "err.sweep_refused": {"en": "{path} is refused: {reason}", "zh": "拒绝读取 {path}：{reason}"},
    "err.sweep_yaml": {"en": "{path} is not a YAML sweep file: {reason}",
                       "zh": "{path} 不是 YAML 批量审计文件：{reason}"},
    "err.sweep_shape": {"en": "{path}: a sweep file is a mapping with a 'portals:' list",
                        "zh": "{path}：批量审计文件应为含 portals: 列表的映射"},
    "err.sweep_portal": {"en": "portal {name}: {problem}", "zh": "门户 {name}：{problem}"},
    "sweep.portal": {"en": "portal {name}", "zh": "门户 {name}"},
    "sweep.all_portals": {"en": "all portals", "zh": "全部门户"},
    "err.sweep_dask": {"en": "audit sweep runs on Dask: pip install 'open-data-auditor[sweep]'",
                       "zh": "audit sweep 需要 Dask：pip install 'open-data-auditor[sweep]'"},
    "err.sweep_shared_cache": {"en": "with --scheduler, give --cache on storage every worker and this machine can "
                                     "reach: the workers write their results there",
                               "zh": "使用 --scheduler 时，请把 --cache 设在所有工作进程和本机都能访问的存储上："
                                     "工作进程会把结果写在那里"},
    "err.sweep_both": {"en": "give a sweep file or --city/--source, not both",
                       "zh": "请给出批量审计文件或 --city/--source，不能同时给出"},
})

# `audit sweep`, `audit history` and `audit fix`: help texts and what they print.
STRINGS.update({
    "help.sweep": {"en": "Audit many portals as tasks on Dask, one report each, and print them side by side.\n\n"
                         "Exit 0 every dataset of every portal passed; 1 a dataset failed or a portal (or part of one) "
                         "could not be read; 2 usage error; 3 the tool failed. "
                         "Interrupted, rerun with the same --cache.",
                   "zh": "以 Dask 任务审计多个门户，每个门户一份报告，并排输出。\n\n退出码 0 所有门户的数据集全部通过；"
                         "1 有数据集未通过或门户（或其一部分）无法读取；2 用法错误；3 工具自身出错。"
                         "中断后用同一 --cache 再次运行即可继续。"},
    "help.history": {"en": "Each scorecard figure across the recorded runs, and the departments and datasets that "
                           "changed most.",
                     "zh": "各项评分卡指标在历次记录中的变化，以及变化最大的部门和数据集。"},
    "help.fix": {"en": "Repair print-style tables into a clean data package in OUT_DIR, then re-audit it.\n\n"
                       "Exit 0 the output has none of the findings the repairs address; 1 some remain (listed); "
                       "2 usage error; 3 the tool failed. The input files are never modified.",
                 "zh": "把打印样式的表格修复为 OUT_DIR 中规整的数据包，并重新审计。\n\n"
                       "退出码 0 输出中已没有修复所针对的问题；"
                       "1 仍有残留（会列出）；2 用法错误；3 工具自身出错。输入文件不会被修改。"},
    "help.opt.sweep_city": {"en": "A city profile to sweep (repeatable).", "zh": "要审计的城市配置（可重复）。"},
    "help.opt.sweep_source": {"en": "A catalogue URL or path to sweep (repeatable).",
                              "zh": "要审计的目录地址或路径（可重复）。"},
    "help.opt.sweep_mode": {"en": "For every portal (default: metadata only).",
                            "zh": "对所有门户生效（默认：只评判元数据）。"},
    "help.opt.sweep_limit": {"en": "Audit at most N datasets per portal.", "zh": "每个门户最多审计 N 个数据集。"},
    "help.opt.sweep_cache": {"en": "Responses and the task spool; a rerun with the same folder resumes.",
                             "zh": "响应与任务队列所在文件夹；用同一文件夹再次运行会继续。"},
    "help.opt.scheduler": {"en": "Address of a running Dask scheduler (tcp://HOST:8786); default: a local cluster.",
                           "zh": "运行中的 Dask 调度器地址（tcp://主机:8786）；默认：本机集群。"},
    "help.opt.workers": {"en": "Workers of the local cluster (default: one per core).",
                         "zh": "本机集群的工作进程数（默认：每个 CPU 核一个）。"},
    "help.opt.per_host": {"en": "Requests in flight per host across all workers (default 2).",
                          "zh": "所有工作进程合计对每个主机的并发请求数（默认 2）。"},
    "help.opt.pages_per_task": {"en": "Pages of a paged API per task (default 10).",
                                "zh": "分页接口每个任务读取的页数（默认 10）。"},
    "help.opt.batch": {"en": "Datasets per task when downloading (default 200).",
                       "zh": "下载时每个任务的数据集数（默认 200）。"},
    "help.opt.sweep_reports": {"en": "Write each portal's JSON report here as NAME.json.",
                               "zh": "把每个门户的 JSON 报告以 名称.json 写入此文件夹。"},
    "help.opt.sweep_format": {"en": "Of the comparison table.", "zh": "对比表的格式。"},
    "help.opt.history_store": {"en": "The history database.", "zh": "历史数据库。"},
    "help.opt.history_city": {"en": "Only this portal (its sweep name) or city.",
                              "zh": "只看该门户（其批量审计名称）或城市。"},
    "help.opt.history_output": {"en": "Write the history to this file.", "zh": "把历史写入该文件。"},
    "help.opt.fix_output": {"en": "Folder for the repaired CSVs, datapackage.json, CHANGES.md and changes.json.",
                            "zh": "存放修复后的 CSV、datapackage.json、CHANGES.md 和 changes.json 的文件夹。"},
    "help.opt.dry_run": {"en": "List the repairs; write nothing.", "zh": "只列出修复，不写任何文件。"},
    "help.opt.mask": {"en": "Mask the personal data the SF rules find (default), or write it as it is, with a warning.",
                      "zh": "遮蔽 SF 规则发现的个人信息（默认），或原样写出并给出警告。"},
    "help.opt.drop_duplicates": {"en": "Drop exact duplicate rows (CP006).", "zh": "删除完全重复的行（CP006）。"},
    "cli.sweep_interrupted": {"en": "audit: sweep interrupted; run it again with the same --cache to resume",
                              "zh": "audit：批量审计已中断；用同一 --cache 再次运行即可继续"},
    "cli.sweep_done": {"en": "audit: sweep: {portals} portal(s), {run} task(s) run, {skipped} already done, "
                             "{failed} failed, {seconds:.1f} s",
                       "zh": "audit：批量审计：{portals} 个门户，运行 {run} 个任务，{skipped} 个此前已完成，"
                             "{failed} 个失败，用时 {seconds:.1f} 秒"},
    "cli.warning": {"en": "audit: warning: {message}", "zh": "audit：警告：{message}"},
    "history.title": {"en": "Audit history", "zh": "审计历史"},
    "history.portal": {"en": "History: {portal}{city} · {n} run(s)", "zh": "历史：{portal}{city} · 共 {n} 次运行"},
    "history.figure": {"en": "figure", "zh": "指标"},
    "history.changes": {"en": "Changes {before} → {after}", "zh": "变化 {before} → {after}"},
    "history.departments": {"en": "Departments that changed most", "zh": "变化最大的部门"},
    "history.department": {"en": "department", "zh": "部门"},
    "history.no_department": {"en": "(no department)", "zh": "（无部门）"},
    "history.datasets": {"en": "datasets", "zh": "数据集"},
    "history.overdue": {"en": "overdue", "zh": "逾期"},
    "history.failing": {"en": "failing", "zh": "未通过"},
    "history.exposed": {"en": "exposed", "zh": "暴露个人信息"},
    "history.change": {"en": "change", "zh": "变化"},
    "history.examples": {"en": "examples", "zh": "示例"},
    "history.schema": {"en": "schema v{version}", "zh": "结构版本 v{version}"},
    "change.newly_overdue": {"en": "newly overdue", "zh": "新近逾期"},
    "change.no_longer_overdue": {"en": "no longer overdue", "zh": "不再逾期"},
    "change.newly_failing": {"en": "newly failing", "zh": "新近未通过"},
    "change.fixed": {"en": "fixed (now passing)", "zh": "已修复（现已通过）"},
    "change.newly_exposing_personal_data": {"en": "newly exposing personal data", "zh": "新近暴露个人信息"},
    "change.no_longer_exposing_personal_data": {"en": "no longer exposing personal data", "zh": "不再暴露个人信息"},
    "change.added": {"en": "added", "zh": "新增"},
    "change.removed": {"en": "removed", "zh": "移除"},
})


# click's own words (usage, headings, option errors, `[default: …]`): the "en" text is
# click's gettext message id exactly, looked up by auditor.click_i18n.
STRINGS.update({
    "click.usage": {"en": "Usage:", "zh": "用法："},
    "click.usage_options": {"en": "[OPTIONS]", "zh": "[选项]"},
    "click.usage_command": {"en": "COMMAND [ARGS]...", "zh": "命令 [参数]..."},
    "click.options": {"en": "Options", "zh": "选项"},
    "click.commands": {"en": "Commands", "zh": "命令"},
    "click.arguments": {"en": "Positional arguments", "zh": "位置参数"},
    "click.help": {"en": "Show this message and exit.", "zh": "显示本帮助并退出。"},
    "click.version": {"en": "Show the version and exit.", "zh": "显示版本并退出。"},
    "click.version_line": {"en": "%(prog)s, version %(version)s", "zh": "%(prog)s，版本 %(version)s"},
    "click.default": {"en": "default: {default}", "zh": "默认：{default}"},
    "click.required": {"en": "required", "zh": "必填"},
    "click.env_var": {"en": "env var: {var}", "zh": "环境变量：{var}"},
    "click.dynamic": {"en": "(dynamic)", "zh": "（动态）"},
    "click.error": {"en": "Error: {message}", "zh": "错误：{message}"},
    "click.try_help": {"en": "Try '{command} {option}' for help.", "zh": "运行“{command} {option}”查看帮助。"},
    "click.no_such_option": {"en": "No such option {name!r}.", "zh": "没有选项 {name!r}。"},
    "click.did_you_mean": {"en": "Did you mean {possibility}?", "zh": "是否应为 {possibility}？"},
    "click.did_you_mean_many": {"en": "(Did you mean one of: {possibilities}?)",
                                "zh": "（是否应为以下之一：{possibilities}？）"},
    "click.no_such_command": {"en": "No such command {name!r}.", "zh": "没有命令 {name!r}。"},
    "click.missing_command": {"en": "Missing command.", "zh": "缺少命令。"},
    "click.missing_argument": {"en": "Missing argument", "zh": "缺少参数"},
    "click.missing_option": {"en": "Missing option", "zh": "缺少选项"},
    "click.missing_parameter": {"en": "Missing parameter", "zh": "缺少参数"},
    "click.missing_type": {"en": "Missing {param_type}", "zh": "缺少 {param_type}"},
    "click.missing_named": {"en": "Missing parameter: {param_name}", "zh": "缺少参数：{param_name}"},
    "click.choose_from": {"en": "Choose from:\n\t{choices}", "zh": "可选：\n\t{choices}"},
    "click.invalid_for": {"en": "Invalid value for {param_hint}: {message}", "zh": "{param_hint} 的值无效：{message}"},
    "click.invalid": {"en": "Invalid value: {message}", "zh": "值无效：{message}"},
    "click.not_choice": {"en": "{value!r} is not {choice}.", "zh": "{value!r} 不是 {choice}。"},
    "click.not_choices": {"en": "{value!r} is not one of {choices}.", "zh": "{value!r} 不是 {choices} 之一。"},
    "click.not_format": {"en": "{value!r} does not match the format {format}.",
                         "zh": "{value!r} 不符合格式 {format}。"},
    "click.not_formats": {"en": "{value!r} does not match the formats {formats}.",
                          "zh": "{value!r} 不符合 {formats} 中的任何格式。"},
    "click.not_in_range": {"en": "{value} is not in the range {range}.", "zh": "{value} 不在范围 {range} 内。"},
    "click.not_number": {"en": "{value!r} is not a valid {number_type}.",
                         "zh": "{value!r} 不是有效的数值（{number_type}）。"},
    "click.not_boolean": {"en": "{value!r} is not a valid boolean. Recognized values: {states}",
                          "zh": "{value!r} 不是有效的布尔值。可用的值：{states}"},
    "click.file": {"en": "file", "zh": "文件"},
    "click.directory": {"en": "directory", "zh": "文件夹"},
    "click.path": {"en": "path", "zh": "路径"},
    "click.path_missing": {"en": "{name} {filename!r} does not exist.", "zh": "{name} {filename!r} 不存在。"},
    "click.path_is_file": {"en": "{name} {filename!r} is a file.", "zh": "{name} {filename!r} 是文件。"},
    "click.path_is_dir": {"en": "{name} {filename!r} is a directory.", "zh": "{name} {filename!r} 是文件夹。"},
    "click.path_unreadable": {"en": "{name} {filename!r} is not readable.", "zh": "{name} {filename!r} 不可读。"},
    "click.path_unwritable": {"en": "{name} {filename!r} is not writable.", "zh": "{name} {filename!r} 不可写。"},
    "click.path_not_exec": {"en": "{name} {filename!r} is not executable.", "zh": "{name} {filename!r} 不可执行。"},
    "click.cannot_open": {"en": "Could not open file {filename!r}: {message}",
                          "zh": "无法打开文件 {filename!r}：{message}"},
    "click.extra_argument": {"en": "Got unexpected extra argument ({args})", "zh": "多余的参数（{args}）"},
    "click.extra_arguments": {"en": "Got unexpected extra arguments ({args})", "zh": "多余的参数（{args}）"},
    "click.needs_value": {"en": "Option {name!r} requires an argument.", "zh": "选项 {name!r} 需要一个值。"},
    "click.needs_values": {"en": "Option {name!r} requires {nargs} arguments.",
                           "zh": "选项 {name!r} 需要 {nargs} 个值。"},
    "click.takes_no_value": {"en": "Option {name!r} does not take a value.", "zh": "选项 {name!r} 不接受值。"},
    "click.argument_nargs": {"en": "Argument {name!r} takes {nargs} values.",
                             "zh": "参数 {name!r} 需要 {nargs} 个值。"},
    "click.takes_one": {"en": "Takes {nargs} values but 1 was given.", "zh": "需要 {nargs} 个值，但只给了 1 个。"},
    "click.takes_many": {"en": "Takes {nargs} values but {len} were given.",
                         "zh": "需要 {nargs} 个值，但给了 {len} 个。"},
    "click.aborted": {"en": "Aborted!", "zh": "已中止！"},
    "click.unknown_error": {"en": "unknown error", "zh": "未知错误"},
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


class Text(str):
    """English text that keeps its catalogue key and parameters: low layers (paths, YAML) give
    reasons as `Text`, and whoever shows them renders `text(lang)`; `t`, `render` and rule
    messages do so for parameters that are `Text`."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, /, **params) -> Text:
        obj = super().__new__(cls, t(key, "en", **params))
        obj.key, obj.params = key, params
        return obj

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.params)


def localised(value: Any, lang: str) -> Any:
    """`value` in `lang` when it is a `Text` (or `Msg`), else unchanged."""
    if isinstance(value, Text):
        return value.text(lang)
    if isinstance(value, Msg):
        return render(value.key, lang, value.params)
    return value


class Msg(NamedTuple):
    """A catalogue key with its parameters, rendered later in the reader's language."""

    key: str
    params: dict[str, Any]


def render(key: str, lang: str, params: dict[str, Any]) -> str:
    """`t` with its parameters as a dict (they may be `Msg`s or `Text`s: `t` renders those too)."""
    return t(key, lang, **params)


def t(key: str, lang: str, /, **params) -> str:
    """The text of `key` in `lang` (English when missing), formatted with `params`."""
    entry = STRINGS.get(key)
    if not entry:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**{k: localised(v, lang) for k, v in params.items()}) if params else text
