"""Column-header context: which kind of personal data a header announces.

Shared by the SF pack (a header is context for its detectors) and redaction (a
value from a column whose header names personal data is never quoted).

Chinese compound headers put the head noun last (负责人电话 is a phone, 法定代表人
身份证号 an ID number), so when several terms occur the one that ends last wins.
English headers are split into words and matched whole-word, so `company_name`
or `table_name` never count as a person's name.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# kind -> Chinese terms (substring match, last one wins)
ZH_TERMS: dict[str, tuple[str, ...]] = {
    "id": ("身份证", "身份号码", "公民身份", "证件号", "证件编号", "证件编码", "证照号码", "身份证件", "居民身份",
           "社会保障号", "社保号", "居住证号", "永久居留", "身分證", "身份證", "證件號", "證號", "統一編號"),
    "passport": ("护照", "通行证", "旅行证", "证件号", "证件编号", "证件编码", "護照", "通行證", "證件號"),
    "phone": ("电话", "手机", "联系方式", "联系号码", "移动电话", "固话", "座机", "传真", "热线",
              "電話", "手機", "聯絡方式", "聯絡電話", "行動電話", "傳真", "專線"),
    "card": ("银行卡", "卡号", "银行账号", "银行帐号", "账号", "帐号", "账户", "帐户", "开户",
             "銀行卡", "卡號", "帳號", "帳戶", "賬號", "賬戶"),
    "email": ("邮箱", "电子邮件", "电邮", "邮件地址", "郵箱", "電子郵件", "電郵", "信箱", "電子信箱"),
    "name": ("姓名", "联系人", "负责人", "法定代表人", "法人代表", "法人姓名", "户主", "申请人", "当事人",
             "被处罚人", "经营者", "项目经理", "经办人", "管理人", "代表人", "承办人", "联络人", "填报人",
             "聯絡人", "聯繫人", "負責人", "申請人", "經辦人", "管理人", "代表人", "戶主", "當事人", "經營者",
             "承辦人"),
    "home": ("住址", "家庭地址", "家庭住址", "居住地址", "现住址", "户籍地址", "户籍地", "户籍所在地",
             "居住地", "家庭住所", "住所地", "通讯地址", "联系地址", "住所", "戶籍地址", "戶籍地", "居住地址",
             "通訊地址", "聯絡地址"),
    "address": ("地址", "地点", "住所", "地點"),
    "plate": ("车牌", "号牌", "车辆号码", "車牌", "號牌"),
    "dob": ("出生日期", "出生年月", "生日", "出生时间", "出生年份", "出生時間"),
    "uscc": ("统一社会信用代码", "信用代码", "组织机构代码", "营业执照号", "注册号", "統一社會信用代碼"),
}
_COUNT_SUFFIXES = ("员数", "数", "人数", "数量", "次数", "員數", "數")
# Home-address words that, in a register of organisations (it has a credit-code or an
# organisation-name column), name the organisation's registered seat, not a person's home.
SEAT_TERMS = ("住所", "住所地", "通讯地址", "联系地址", "通訊地址", "聯絡地址")
ORG_TERMS = ("企业名称", "公司名称", "单位名称", "机构名称", "市场主体名称", "商户名称", "企業名稱", "公司名稱",
             "單位名稱", "機構名稱")

# kind -> English words or word pairs (whole-word match on the split header)
EN_TERMS: dict[str, tuple[str, ...]] = {
    "id": ("id card", "idcard", "id number", "identity", "national id", "citizen id", "ssn", "nric"),
    "passport": ("passport", "travel document"),
    "phone": ("phone", "telephone", "tel", "mobile", "cell", "cellphone", "fax"),
    "card": ("card number", "card no", "bank card", "bank account", "account number", "iban", "pan"),
    "email": ("email", "e mail", "mail", "mailbox"),
    "name": ("name", "full name", "first name", "last name", "surname", "given name", "family name",
             "contact person", "contact name", "person", "owner", "applicant", "legal representative"),
    "home": ("home address", "residential address", "residence", "home addr"),
    "address": ("address", "addr", "street"),
    "plate": ("plate", "licence plate", "license plate", "registration plate", "number plate"),
    "dob": ("birth", "birthday", "birthdate", "dob", "date of birth", "born"),
    "uscc": ("uscc", "credit code", "organization code", "organisation code"),
}

# English words that turn "X name" into something other than a person.
EN_NOT_PERSON = frozenset({
    "company", "organization", "organisation", "org", "unit", "dept", "department", "agency",
    "dataset", "data", "file", "table", "field", "column", "project", "product", "place", "site",
    "street", "road", "city", "district", "county", "country", "region", "station", "school",
    "hospital", "shop", "store", "brand", "business", "entity", "facility", "building", "park",
    "item", "category", "type", "resource", "package", "host", "domain", "user", "display", "short",
})
_WORD_RE = re.compile(r"[a-z]+")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _english_words(label: str) -> list[str]:
    return _WORD_RE.findall(_CAMEL_RE.sub(" ", label).lower())


def header_kinds(label: str, extra: Mapping[str, Iterable[str]] | None = None) -> frozenset[str]:
    """The kinds of personal data a column header announces (possibly none).

    `extra` adds terms per kind (from profiles); an extra term matches as a Chinese
    substring or an English whole word sequence.
    """
    if not label:
        return frozenset()
    text = str(label).strip()
    kinds = _zh_kinds(text, extra) | _en_kinds(text, extra)
    if "home" in kinds:
        kinds |= {"address"}
    return frozenset(kinds)


def _zh_kinds(text: str, extra) -> set[str]:
    best_end, best_len, found = -1, 0, set()
    for kind, terms in _merged(ZH_TERMS, extra).items():
        for term in terms:
            if not term or not _has_cjk(term):
                continue
            at = text.rfind(term)
            if at < 0:
                continue
            end = at + len(term)
            if kind == "name" and text[end:].startswith(_COUNT_SUFFIXES):
                continue  # 管理人员数: a count of staff, not a person
            if end > best_end or (end == best_end and len(term) > best_len):
                best_end, best_len, found = end, len(term), {kind}
            elif end == best_end and len(term) == best_len:
                found.add(kind)
    return found


def _en_kinds(text: str, extra) -> set[str]:
    words = _english_words(text)
    if not words:
        return set()
    joined = " " + " ".join(words) + " "
    kinds = set()
    for kind, terms in _merged(EN_TERMS, extra).items():
        for term in terms:
            if not term or _has_cjk(term):
                continue
            if f" {' '.join(_english_words(term))} " in joined:
                kinds.add(kind)
    if "name" in kinds and EN_NOT_PERSON.intersection(words):
        kinds.discard("name")
    return kinds


def _merged(base: dict[str, tuple[str, ...]], extra) -> dict[str, tuple[str, ...]]:
    if not extra:
        return base
    out = dict(base)
    for kind, terms in extra.items():
        out[kind] = tuple(out.get(kind, ())) + tuple(terms)
    return out


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)



def organisation_table(labels) -> bool:
    """A register of organisations: a credit-code column or an organisation-name column."""
    return any(label and ("uscc" in header_kinds(label) or any(t in str(label) for t in ORG_TERMS))
               for label in labels)


def seat_header(label: str) -> bool:
    """The header of a home-address column is one of the words that also name a registered seat."""
    text = str(label or "").strip()
    return any(text.endswith(t) for t in SEAT_TERMS)


# Kinds whose columns hold a person's data whatever the value looks like (redaction).
PERSONAL_KINDS = frozenset({"id", "passport", "phone", "card", "email", "name", "home", "plate", "dob"})


def names_personal_data(label: str | None) -> bool:
    """Whether a column header announces personal data (出生日期, 姓名, 住址, 手机...)."""
    return bool(label) and bool(header_kinds(str(label)) & PERSONAL_KINDS)
