"""Which keys mean which metadata field, in English and Chinese.

One table, used by every reader: sidecars, datapackage.json custom keys, CKAN
extras and catalogue exports. Keys are compared case-insensitively with
spaces, dashes and underscores removed.
"""
from __future__ import annotations

import re

FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "datasetname", "datasettitle", "数据名称", "数据集名称", "名称", "标题", "数据资源名称",
              "資料集名稱", "資料名稱", "標題"),
    "description": ("description", "notes", "abstract", "summary", "数据摘要", "摘要", "描述", "数据描述", "简介",
                    "数据简介", "資料集描述", "資料描述", "簡介"),
    "publisher": ("publisher", "organization", "organisation", "department", "author", "数据提供方", "提供方",
                  "数据提供单位", "提供单位", "所属部门", "发布单位", "来源部门", "数据来源部门", "部门", "发布机构",
                  "提供機關", "資料提供機關", "發布單位", "所屬部門"),
    "theme": ("theme", "category", "topic", "数据领域", "所属主题", "主题", "领域", "主题分类", "行业分类",
              "服務分類", "所屬主題", "主題", "領域"),
    "keywords": ("keywords", "keyword", "tags", "关键字", "关键词", "标签", "關鍵字", "關鍵詞", "標籤"),
    "issued": ("issued", "created", "published", "releasedate", "datepublished", "发布时间", "发布日期", "创建时间",
               "首次发布时间", "上架日期", "發布時間", "發布日期"),
    # data.gov.tw's 詮釋資料更新時間 is when the metadata record changed: the only update date it publishes.
    "modified": ("modified", "lastmodified", "lastupdated", "updated", "updatedate", "datemodified", "metadatamodified",
                 "更新时间", "更新日期", "最后更新时间", "数据更新时间", "最近更新时间", "更新時間", "最後更新時間",
                 "資料更新時間", "詮釋資料更新時間"),
    "frequency": ("frequency", "accrualperiodicity", "updatefrequency", "dataupdatefrequency", "frequencyofupdate",
                  "更新频率", "更新周期", "更新频度", "更新頻率", "更新週期"),
    "licence": ("license", "licence", "licenses", "licenseid", "licensetitle", "开放许可", "许可协议", "许可",
                "授权协议", "授權方式", "授權協議", "開放授權"),
    "open_condition": ("opencondition", "accesslevel", "openness", "开放条件", "开放属性", "开放类型", "共享属性",
                       "开放方式", "開放條件", "開放屬性"),
    "contact": ("contact", "contactpoint", "maintaineremail", "authoremail", "email", "联系方式", "联系人", "联系电话",
                "联系邮箱", "提供機關聯絡人", "聯絡人", "聯絡電話", "聯絡方式"),
}


def normalise_key(key: str) -> str:
    return "".join(ch for ch in str(key).strip().lower() if ch not in " _-.:：")


KEY_TO_FIELD: dict[str, str] = {
    normalise_key(alias): name for name, aliases in FIELD_KEYS.items() for alias in aliases
}


# A language tag after the key (`title@de`, `description@zh-Hant`): the same field in one language.
_LANGUAGE_TAG = re.compile(r"@[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def language_tagged(key: str) -> bool:
    return bool(_LANGUAGE_TAG.search(str(key)))


def field_for(key: str) -> str | None:
    return KEY_TO_FIELD.get(normalise_key(_LANGUAGE_TAG.sub("", str(key))))


# Keys a publisher may add for their own purposes: never reported, never read.
EXTENSION_PREFIXES = ("x-", "x_")


def is_extension(key: str) -> bool:
    return str(key).strip().lower().startswith(EXTENSION_PREFIXES)


def closest_key(key: str, extra: tuple[str, ...] = ()) -> str | None:
    """The known key a typo most likely meant (`更新频律` -> `更新频率`, `frequncy` -> `frequency`)."""
    import difflib

    aliases = {normalise_key(a): a for aliases in FIELD_KEYS.values() for a in aliases}
    aliases.update({normalise_key(a): a for a in extra})
    close = difflib.get_close_matches(normalise_key(key), list(aliases), n=1, cutoff=0.6)
    return aliases[close[0]] if close else None
