"""Metadata problems that carry their own words in both languages (reported as CP008).

A problem is a `str` (its English text, for the places that only print) with a
`key` and `params` the CP008 rule formats in the report's language.
"""
from __future__ import annotations

from typing import Any

# What CP008 says of each problem (the rule's messages): the English is also the problem's `str`.
PROBLEM_WORDS: dict[str, dict[str, str]] = {
    "unknown_key": {
        "en": "{file}: unknown key '{name}'; did you mean '{suggestion}'? (custom keys start with 'x-')",
        "zh": "{file}：未知键“{name}”，是否应为“{suggestion}”？（自定义键请以 x- 开头）",
    },
    "unknown_key_plain": {
        "en": "{file}: unknown key '{name}' (custom keys start with 'x-')",
        "zh": "{file}：未知键“{name}”（自定义键请以 x- 开头）",
    },
    "not_utf8": {"en": "{file}: not UTF-8 text", "zh": "{file}：不是 UTF-8 文本"},
    "refused": {"en": "{file}: {reason}", "zh": "{file}：拒绝读取（{reason}）"},
    "unparsable": {"en": "{file}: cannot be parsed", "zh": "{file}：无法解析"},
    "unparsable_at": {"en": "{file}: cannot be parsed at line {line}", "zh": "{file}：第 {line} 行无法解析"},
    "not_mapping": {"en": "{file}: expected a mapping of metadata keys, found {found}",
                    "zh": "{file}：应为元数据键值映射，实际为 {found}"},
    "wrong_type": {"en": "{file}: key '{name}' has the wrong type (expected {expected})",
                   "zh": "{file}：键“{name}”的类型不对（应为 {expected}）"},
    "resource_not_object": {"en": "resources[{index}] is not an object", "zh": "resources[{index}] 不是对象"},
    "resource_no_path": {"en": "resources[{index}] has no local path", "zh": "resources[{index}] 没有本地路径"},
    "resource_remote": {
        "en": "resources[{index}] is a remote URL: audit check does not fetch it (audit portal --download does)",
        "zh": "resources[{index}] 是远程地址：audit check 不会下载（audit portal --download 会）",
    },
    "resource_absolute": {
        "en": "resources[{index}] has an absolute path: not read (resource paths are relative to the package)",
        "zh": "resources[{index}] 是绝对路径：未读取（资源路径应相对于数据包）",
    },
    "resource_outside": {"en": "resources[{index}] leads outside the package folder: not read",
                         "zh": "resources[{index}] 指向数据包文件夹之外：未读取"},
    "resource_refused": {"en": "resources[{index}] is {reason}", "zh": "resources[{index}] 未读取：{reason}"},
}


class MetadataProblem(str):
    key: str
    params: dict[str, Any]

    def __new__(cls, message_key: str, english: str, params: dict[str, Any]) -> MetadataProblem:
        obj = super().__new__(cls, english)
        obj.key, obj.params = message_key, params
        return obj


def unknown_key(file: str, key: str, suggestion: str | None) -> MetadataProblem:
    """An unknown key switches nothing on or off silently: a typo is named with the key it meant."""
    if suggestion:
        return problem("unknown_key", file=file, name=key, suggestion=suggestion)
    return problem("unknown_key_plain", file=file, name=key, suggestion="")


def problem(message_key: str, **params: Any) -> MetadataProblem:
    """A metadata problem named by its key in `PROBLEM_WORDS`."""
    return MetadataProblem(message_key, PROBLEM_WORDS[message_key]["en"].format(**params), params)
