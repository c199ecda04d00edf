"""The personal-data detectors SF001-SF008, SF011-SF013: one finding per (code, column).

Every detector reads the table's shared scan (scan.py) and gives a column
verdict: a column is reported when its header announces the kind, when words in
the cell name it (卡号6212...), or when the values that have the identifier's shape
mostly pass its checks (`min_share`), so
a column of construction-permit numbers where a few happen to pass the ID
checksum is not a column of ID numbers. Masked values are counted apart and
never raise these codes; partially masked ones are SF009's.
"""

from __future__ import annotations

from typing import ClassVar

from auditor.identifiers import make_resident_id, make_uscc
from auditor.model import Severity
from auditor.options import Opt
from auditor.rule import Rule

from .masking import MASKED, PARTIAL, UNMASKED
from .scan import ColumnResult, SensitiveScan

# Checksum-valid synthetic values for the documented examples (never a real person's).
_ID = make_resident_id("110105", "19900307", "123")
_ID_MASKED = _ID[:6] + "********" + _ID[-4:]


class ScanRule(Rule):
    """A rule that reads the table's shared sensitive-field scan (`results[SensitiveScan]`)."""

    requires = (SensitiveScan,)

    @classmethod
    def scan_terms(cls, opts: dict) -> dict:
        """Extra header words per header kind that the scan should know."""
        return {}

    @classmethod
    def scan_wants(cls, opts: dict):
        """Header kinds this rule reports on; None: every kind."""
        return None

    @classmethod
    def scan_policy(cls, opts: dict):
        """The masking policy this rule configures, or None."""
        return None


class DetectorRule(ScanRule):
    kind: ClassVar[str] = ""
    header_kind: ClassVar[str] = ""
    # kinds whose verdict needs the header: no checksum or shape can tell them alone
    needs_header: ClassVar[bool] = False
    noun: ClassVar[dict[str, str]] = {}
    options = {
        "header_terms": Opt(
            [],
            list,
            str,
            doc="extra column-header words that announce this kind (added to the built-in lexicon)",
            doc_zh="额外的列名词语，出现即表明该列属于此类（补充内置词表）",
        ),
        "min_share": Opt(
            0.5,
            float,
            min=0,
            max=1,
            doc="without a header that announces the kind, the share of identifier-shaped values "
            "in the column that must pass the checks before the column is reported",
            doc_zh="列名未表明类别时，列中须通过校验的标识符形值的最低占比，达到才报告",
        ),
    }

    @classmethod
    def scan_terms(cls, opts: dict) -> dict:
        terms = opts.get("header_terms") or []
        if isinstance(terms, str):  # `header_terms: 住户` in a profile means one term
            terms = [terms]
        return {cls.header_kind: [str(t) for t in terms]} if terms else {}

    @classmethod
    def scan_wants(cls, opts: dict):
        return {cls.header_kind, "address"} if cls.header_kind == "home" else {cls.header_kind}

    @classmethod
    def flagged(cls, col: ColumnResult, stats, opts: dict) -> bool:
        """The column verdict."""
        if not col.tally.counts[UNMASKED]:
            return False
        if col.supported(cls.kind) or col.tally.cued:
            return True
        if cls.needs_header:
            return False
        shaped = col.tally.counts[UNMASKED] + col.tally.counts["lookalike"]
        return col.tally.counts["lookalike"] == 0 or col.tally.counts[UNMASKED] / shaped >= opts["min_share"]

    def end(self, table, results):
        for col in results[SensitiveScan].results(self.kind):
            if self.flagged(col, results, self.opts):
                self._report(col)

    def _report(self, col: ColumnResult) -> None:
        tally = col.tally
        unmasked, masked, partial = tally.counts[UNMASKED], tally.counts[MASKED], tally.counts[PARTIAL]
        rows = tally.rows.get(UNMASKED, [])
        self.report(
            "with_masked" if masked or partial else "default",
            column=col.label,
            count=unmasked,
            row=rows[0] if rows else None,
            rows=rows,
            examples=tally.examples.get(UNMASKED, []),
            sensitive=True,
            masked=masked,
            partial=partial,
            data={
                "unmasked": unmasked,
                "masked": masked,
                "partially_masked": partial,
                "lookalikes": tally.counts["lookalike"],
                "share": round(tally.share(), 4),
                "header_context": col.supported(self.kind),
                "named_in_text": tally.cued,
                "fingerprints": list(tally.fingerprints),
            },
        )


def _messages(en: str, zh: str) -> dict:
    return {
        "default": {
            "en": f"Column '{{column}}' holds {{count}} unmasked {en}",
            "zh": f"列“{{column}}”有 {{count}} 个未脱敏的{zh}",
        },
        "with_masked": {
            "en": f"Column '{{column}}' holds {{count}} unmasked {en} ({{masked}} masked, {{partial}} "
            "partially masked)",
            "zh": f"列“{{column}}”有 {{count}} 个未脱敏的{zh}（另有 {{masked}} 个已脱敏、{{partial}} 个脱敏不足）",
        },
    }


class ResidentId(DetectorRule):
    """Resident identity numbers (GB 11643): 18 characters with a valid MOD 11-2 check
    character, a plausible province (incl. 81/82/83 permits and 9-prefixed foreigner
    IDs) and a real birth date not after the audit date; 15-digit first-generation
    numbers only under an ID header. A valid credit code is never an ID."""

    code = "SF001"
    name = "resident-id-number"
    default_severity = Severity.ERROR
    kind = header_kind = "id"
    title = {"en": "Unmasked resident ID numbers", "zh": "未脱敏的居民身份证号码"}
    messages = _messages("resident ID number(s)", "居民身份证号码")
    example_fail = {"file": "t.csv", "text": f"序号,证件号码\n1,{_ID}\n"}
    example_pass = {"file": "t.csv", "text": f"序号,证件号码\n1,{_ID_MASKED}\n"}


class MobileNumber(DetectorRule):
    """Mobile numbers on the Chinese ranges in current use (libphonenumber's metadata),
    with or without +86 and separators, also glued to Chinese text."""

    code = "SF002"
    name = "mobile-number"
    default_severity = Severity.ERROR
    kind, header_kind = "mobile", "phone"
    title = {"en": "Unmasked mobile phone numbers", "zh": "未脱敏的手机号码"}
    messages = _messages("mobile number(s)", "手机号码")
    example_fail = {"file": "t.csv", "text": "姓名,联系电话\n张*,13912345678\n"}
    example_pass = {"file": "t.csv", "text": "姓名,联系电话\n张*,139****5678\n"}


class BankCard(DetectorRule):
    """Bank card numbers: 16-19 digits with a card-issuer prefix (UnionPay 62, Visa,
    Mastercard...) and a valid Luhn digit; under a card/account header (卡号, 银行账号,
    账户) also account numbers without a check digit."""

    code = "SF003"
    name = "bank-card-number"
    default_severity = Severity.ERROR
    kind = header_kind = "card"
    title = {"en": "Unmasked bank card numbers", "zh": "未脱敏的银行卡号"}
    messages = _messages("bank card number(s)", "银行卡号")
    example_fail = {"file": "t.csv", "text": "户名,备注\n张*,卡号6212345678901234569\n"}
    example_pass = {"file": "t.csv", "text": "户名,备注\n张*,卡号621234******4569\n"}


class EmailAddress(DetectorRule):
    """E-mail addresses; a masked local part (z***@example.com) counts as masked."""

    code = "SF004"
    name = "email-address"
    default_severity = Severity.WARNING
    kind = header_kind = "email"
    title = {"en": "E-mail addresses", "zh": "电子邮箱地址"}
    messages = _messages("e-mail address(es)", "电子邮箱地址")
    example_fail = {"file": "t.csv", "text": "联系人,邮箱\n张*,zhangsan@example.com\n"}
    example_pass = {"file": "t.csv", "text": "联系人,邮箱\n张*,z***@example.com\n"}


class PassportNumber(DetectorRule):
    """Passport and travel-document numbers (E + 8 digits, E + letter + 7 digits, G, D,
    S, P series, HK/Macau permits) in columns whose header names a passport or a
    document number: these shapes are too short to trust alone."""

    code = "SF005"
    name = "passport-number"
    default_severity = Severity.ERROR
    kind = header_kind = "passport"
    needs_header = True
    title = {"en": "Unmasked passport numbers", "zh": "未脱敏的护照号码"}
    messages = _messages("passport number(s)", "护照号码")
    example_fail = {"file": "t.csv", "text": "姓名,护照号码\n张*,EA1234567\n"}
    example_pass = {"file": "t.csv", "text": "姓名,护照号码\n张*,EA****567\n"}


class PersonalName(DetectorRule):
    """A column of personal names: a header from the lexicon (姓名, 联系人, 负责人,
    法定代表人, name...) and values shaped like names (2-4 Chinese characters led by a
    common surname, or Latin given and family names) in at least `min_share` of the
    filled cells that are not masked; in free text, names right after a role word (联系人
    张三). Masked names (张*, 王*明) count as masked."""

    code = "SF006"
    name = "personal-names"
    default_severity = Severity.WARNING
    kind = header_kind = "name"
    needs_header = True
    title = {"en": "Column of personal names", "zh": "个人姓名列"}
    messages = _messages("personal name(s)", "个人姓名")
    example_fail = {"file": "t.csv", "text": "姓名,得分\n张伟,90\n李娜,85\n王芳,88\n"}
    example_pass = {"file": "t.csv", "text": "姓名,得分\n张*,90\n李*,85\n王*,88\n"}

    @classmethod
    def flagged(cls, col, stats, opts):
        """A name column: names in `min_share` of the filled cells that are not masked (a
        mostly masked column still reports its unmasked names). Without a name header:
        names a role word announces in free text (联系人张三)."""
        if not super().flagged(col, stats, opts):
            return False
        if not col.supported(cls.kind):
            return True
        filled = stats.rows - stats.missing(col.index) if col.index < len(stats.empty) else stats.rows
        judged = filled - col.tally.counts[MASKED] - col.tally.counts[PARTIAL]
        return judged > 0 and col.tally.counts[UNMASKED] / judged >= opts["min_share"]


class PersonalAddress(DetectorRule):
    """Detailed personal addresses: a home-address header (住址, 家庭地址, 户籍地址...)
    with values down to the house number, building, unit or room; a generic 地址
    column only in a table about people (it has a name column) and only when the
    values go down to the dwelling (单元, 室)."""

    code = "SF007"
    name = "personal-address"
    default_severity = Severity.WARNING
    kind, header_kind = "home", "home"
    needs_header = True
    title = {"en": "Detailed personal addresses", "zh": "详细个人住址"}
    messages = _messages("detailed address(es)", "详细住址")
    example_fail = {"file": "t.csv", "text": "姓名,家庭住址\n张*,北京市朝阳区某某路8号院3号楼2单元301室\n"}
    example_pass = {"file": "t.csv", "text": "姓名,家庭住址\n张*,北京市朝阳区\n"}


class LicencePlate(DetectorRule):
    """Vehicle licence plates: province character + letter + 5 characters, and the
    8-character new-energy plates (粤BD12345, 粤B12345F)."""

    code = "SF008"
    name = "licence-plate"
    default_severity = Severity.WARNING
    kind = header_kind = "plate"
    title = {"en": "Vehicle licence plates", "zh": "机动车号牌"}
    messages = _messages("licence plate(s)", "车牌号码")
    example_fail = {"file": "t.csv", "text": "日期,车牌号\n2024-03-01,京A12345\n2024-03-02,粤BD12345\n"}
    example_pass = {"file": "t.csv", "text": "日期,车牌号\n2024-03-01,京A***45\n"}


class IndividualBusiness(DetectorRule):
    """Unified social credit codes (GB 32100 MOD 31-3 and the embedded GB 11714 check)
    of individual businesses (个体工商户, type 92): the code is tied to one person."""

    code = "SF011"
    name = "individual-business-code"
    default_severity = Severity.INFO
    kind, header_kind = "uscc92", "uscc"
    title = {"en": "Credit codes of individual businesses", "zh": "个体工商户统一社会信用代码"}
    messages = {
        "default": {
            "en": "Column '{column}' holds {count} credit code(s) of individual businesses (type 92)",
            "zh": "列“{column}”有 {count} 个个体工商户（92 类）统一社会信用代码",
        }
    }
    example_fail = {"file": "t.csv", "text": f"名称,统一社会信用代码\n某某小吃店,{make_uscc('92110105', 'MA01XY3K')}\n"}
    example_pass = {
        "file": "t.csv",
        "text": f"名称,统一社会信用代码\n某某有限公司,{make_uscc('91110105', 'MA01XY3K')}\n",
    }


class Landline(DetectorRule):
    """Landline numbers: with an area code anywhere (010-65529988, 0755-88889999), and
    7-8 digit local numbers under a phone header. Often an office number, so a
    lower severity than mobiles."""

    code = "SF012"
    name = "landline-number"
    default_severity = Severity.INFO
    kind, header_kind = "landline", "phone"
    title = {"en": "Landline phone numbers", "zh": "固定电话号码"}
    messages = _messages("landline number(s)", "固定电话号码")
    example_fail = {"file": "t.csv", "text": "单位,电话\n某街道,010-65529988\n"}
    example_pass = {"file": "t.csv", "text": "单位,电话\n某街道,12345\n"}


class BirthDate(DetectorRule):
    """Dates of birth: dates in a column whose header says so (出生日期, 出生年月,
    生日, date of birth). Alone or with a name, a birth date narrows a person down."""

    code = "SF013"
    name = "date-of-birth"
    default_severity = Severity.WARNING
    kind = header_kind = "dob"
    needs_header = True
    title = {"en": "Dates of birth", "zh": "出生日期"}
    messages = _messages("date(s) of birth", "出生日期")
    example_fail = {"file": "t.csv", "text": "编号,出生日期\n1,1990-03-07\n"}
    example_pass = {"file": "t.csv", "text": "编号,出生日期\n1,1990-**-**\n"}


DETECTORS: tuple[type[DetectorRule], ...] = (
    ResidentId,
    MobileNumber,
    BankCard,
    EmailAddress,
    PassportNumber,
    PersonalName,
    PersonalAddress,
    LicencePlate,
    IndividualBusiness,
    Landline,
    BirthDate,
)
