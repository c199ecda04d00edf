"""Words in cells that say what a number is (身份证号110..., 流水号62...), and the header lexicon.

The header lexicon itself lives in the core (auditor/personal_headers.py): redaction
reads it too.
"""
from __future__ import annotations

import re

from auditor import lazyre
from auditor.personal_headers import ZH_TERMS, header_kinds

__all__ = ["CODE", "CODE_TERMS", "NUMBER_CUES", "header_kinds", "inline_cue"]

# Words right before a number that say it is a reference code, not personal data.
CODE_TERMS = ("订单", "流水", "编号", "单号", "会员号", "会员卡号", "许可证", "合同", "批次", "工号", "序列号",
              "条码", "发票", "交易号", "案号", "文号", "备案号", "登记号", "证书号", "档案号")
CODE = "code"
# Kinds whose cue changes how a number is judged.
NUMBER_CUES = frozenset({"id", "phone", "card", CODE})

def _cue_regex() -> tuple[re.Pattern, dict[str, str]]:
    kind_of = {term: kind for kind, terms in ZH_TERMS.items() for term in terms}
    kind_of.update({term: CODE for term in CODE_TERMS})
    terms = sorted(kind_of, key=len, reverse=True)
    english = r"(?i:(?<![a-z])(tel|phone|mobile|cell|id|card|order|invoice|serial|ref)(?![a-z]))"
    return lazyre.compile("|".join(map(re.escape, terms)) + "|" + english), kind_of


_CUE_RE, _CUE_KIND = _cue_regex()
_EN_CUES = {"tel": "phone", "phone": "phone", "mobile": "phone", "cell": "phone", "id": "id", "card": "card",
            "order": CODE, "invoice": CODE, "serial": CODE, "ref": CODE}


def inline_cue(window: str) -> str | None:
    """The kind named by the words right before a number in free text (身份证号110..., 流水号62...):
    the closest term wins. Only cues that change how a number is judged are returned."""
    found = list(_CUE_RE.finditer(window))
    if not found:
        return None
    word = found[-1].group(0)
    kind = _CUE_KIND.get(word) or _EN_CUES.get(word.lower())
    return kind if kind in NUMBER_CUES else None
