"""Synthetic labelled tables for the sensitive-field evaluation (benchmarks/sensitive_eval.py).

Every table is generated from a seed: known personal values (unmasked, masked,
partially masked), and the look-alikes that trip naive scanners: order and
transaction numbers whose checksums fail, construction-permit numbers built like
IDs (some pass the checksum by chance and are still not IDs), credit codes (some
all-digit), phone-like member numbers, dates, amounts, digit runs inside URLs.
Each cell carries its truth: a list of (kind, state) for the values it holds.
All checksum-valid values are computed here; none is a real person's.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from auditor import identifiers as ids

REGIONS = [
    "110101",
    "110105",
    "110108",
    "310115",
    "320102",
    "330106",
    "440305",
    "440106",
    "510104",
    "610113",
    "420106",
    "500103",
    "810000",
    "820000",
    "830000",
]
MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "170",
    "173",
    "175",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "195",
    "198",
    "199",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文志红玉兰飞鹏辉"
LATIN_FIRST = ["John", "Mary", "David", "Sarah", "James", "Emma", "Wei", "Li", "Michael", "Anna"]
LATIN_LAST = ["Smith", "Brown", "Wang", "Zhang", "Taylor", "Wilson", "Chen", "Johnson", "Lee", "Martin"]
DOMAINS = ["example.com", "163.com", "qq.com", "126.com", "gmail.com", "sina.com", "example.org"]
DISTRICTS = ["朝阳区", "海淀区", "东城区", "西城区", "丰台区", "通州区", "昌平区"]
ROADS = ["建国路", "中关村大街", "望京西路", "长安街", "学院路", "光华路"]
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁苏浙赣鄂桂甘晋陕吉闽粤川"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
ORG = "0123456789ABCDEFGHJKLMNPQRTUWXY"

Truth = list  # [(kind, state)] for one cell


@dataclass
class LabelledTable:
    name: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    truth: list[list[Truth]] = field(default_factory=list)

    def add(self, cells: list[tuple[str, Truth]]) -> None:
        self.rows.append([value for value, _ in cells])
        self.truth.append([labels for _, labels in cells])


class Gen:
    """Value makers; each returns (text, truth)."""

    def __init__(self, seed: int, as_of: dt.date):
        self.rnd = random.Random(seed)
        self.as_of = as_of

    # -- personal values -------------------------------------------------------------
    def birth(self) -> dt.date:
        return dt.date(1935, 1, 1) + dt.timedelta(days=self.rnd.randrange(30000))

    def resident_id(self) -> str:
        region = self.rnd.choice(REGIONS)
        if self.rnd.random() < 0.03:  # 2023 foreign permanent resident: 9 + province + nationality
            region = "9" + self.rnd.choice(["11", "31", "44"]) + self.rnd.choice(["840", "826", "392"])
        return ids.make_resident_id(region, self.birth().strftime("%Y%m%d"), f"{self.rnd.randrange(1000):03d}")

    def mobile(self) -> str:
        return self.rnd.choice(MOBILE_PREFIXES) + f"{self.rnd.randrange(10**8):08d}"

    def card(self) -> str:
        body = self.rnd.choice(["62", "62", "62", "4", "5"])
        length = self.rnd.choice([16, 16, 19]) if body == "62" else 16
        body += "".join(str(self.rnd.randrange(10)) for _ in range(length - len(body) - 1))
        return ids.make_card(body)

    def email(self) -> str:
        local = "".join(self.rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(self.rnd.randint(4, 10)))
        return f"{local}{self.rnd.randrange(100)}@{self.rnd.choice(DOMAINS)}"

    def name(self) -> str:
        return self.rnd.choice(SURNAMES) + "".join(self.rnd.choice(GIVEN) for _ in range(self.rnd.choice([1, 2])))

    def latin_name(self) -> str:
        return f"{self.rnd.choice(LATIN_FIRST)} {self.rnd.choice(LATIN_LAST)}"

    def home(self) -> str:
        r = self.rnd
        return (
            f"北京市{r.choice(DISTRICTS)}{r.choice(ROADS)}{r.randint(1, 200)}号院{r.randint(1, 30)}号楼"
            f"{r.randint(1, 6)}单元{r.randint(1, 25)}{r.randint(1, 4):02d}室"
        )

    def plate(self) -> str:
        r = self.rnd
        head = r.choice(PLATE_PROVINCES) + r.choice(PLATE_LETTERS)
        if r.random() < 0.2:
            return head + r.choice("DF") + r.choice(PLATE_LETTERS + "0123456789") + f"{r.randrange(10000):04d}"
        return head + "".join(r.choice(PLATE_LETTERS[:8] + "0123456789") for _ in range(5))

    def passport(self) -> str:
        r = self.rnd
        if r.random() < 0.5:
            return "E" + f"{r.randrange(10**8):08d}"
        return "E" + r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + f"{r.randrange(10**7):07d}"

    def landline(self) -> str:
        r = self.rnd
        return r.choice(
            [
                f"010-{r.randint(2, 8)}{r.randrange(10**7):07d}",
                f"0755-{r.randint(2, 8)}{r.randrange(10**7):07d}",
                f"021-{r.randint(2, 8)}{r.randrange(10**7):07d}",
            ]
        )

    def uscc(self, kind: str = "91") -> str:
        org = "".join(self.rnd.choice(ORG[:10] if self.rnd.random() < 0.4 else ORG) for _ in range(8))
        return ids.make_uscc(kind + self.rnd.choice(REGIONS)[:6], org)

    # -- masks ----------------------------------------------------------------------------
    def mask_id(self, number: str) -> tuple[str, str]:
        style = self.rnd.random()
        if style < 0.5:
            return number[:6] + "********" + number[-4:], "masked"
        if style < 0.7:
            return number[:1] + "*" * 16 + number[-1:], "masked"
        if style < 0.8:
            return number[:6] + "●" * 8 + number[-4:], "masked"
        return number[:14] + "****", "partial"  # birth date still readable

    def mask_digits(self, number: str, keep_head: int, keep_tail: int, partial: bool) -> tuple[str, str]:
        if partial:
            keep_head += 3
        masked = (
            number[:keep_head] + self.rnd.choice("*＊x") * (len(number) - keep_head - keep_tail) + number[-keep_tail:]
        )
        return masked, "partial" if partial else "masked"

    # -- look-alikes (truth: nothing personal) -----------------------------------------------
    def permit_number(self) -> str:
        d = dt.date(2018, 1, 1) + dt.timedelta(days=self.rnd.randrange(2500))
        return f"{self.rnd.choice(REGIONS)}{d:%Y%m%d}{self.rnd.randrange(10000):04d}"

    def order_number(self) -> str:
        return f"{self.rnd.randrange(10**17, 10**18)}"

    def transaction_number(self) -> str:
        while True:
            number = f"{self.rnd.randrange(10**15, 10**19)}"
            if not ids.luhn_ok(number):
                return number

    def member_number(self) -> str:
        return f"{self.rnd.randrange(10**10, 10**11)}"

    def date(self) -> str:
        d = dt.date(2015, 1, 1) + dt.timedelta(days=self.rnd.randrange(4000))
        return self.rnd.choice(
            [d.isoformat(), f"{d.year}年{d.month}月{d.day}日", f"{d:%Y%m%d}", f"{d.isoformat()} 10:00:00"]
        )

    def amount(self) -> str:
        return f"{self.rnd.uniform(0, 10**7):.2f}"

    def url(self) -> str:
        return f"https://data.example.gov.cn/dataset/{self.rnd.randrange(10**10, 10**11)}/{self.mobile()}.csv"


def people_table(g: Gen, n: int) -> LabelledTable:
    """One row per person: every header announces its kind; masked and weakly masked values mixed in."""
    t = LabelledTable(
        "people",
        [
            "姓名",
            "身份证号",
            "手机号码",
            "电子邮箱",
            "银行卡号",
            "家庭住址",
            "出生日期",
            "车牌号",
            "护照号码",
            "办公电话",
        ],
    )
    r = g.rnd
    for _ in range(n):
        cells = []
        name = g.name()
        cells.append(
            (name[0] + "*" * (len(name) - 1), [("name", "masked")])
            if r.random() < 0.2
            else (name, [("name", "unmasked")])
        )
        number = g.resident_id()
        if r.random() < 0.3:
            text, state = g.mask_id(number)
            cells.append((text, [("id", state)]))
        elif r.random() < 0.05:  # a first-generation 15-digit number: only the header tells
            born = dt.date(r.randint(1935, 1990), r.randint(1, 12), r.randint(1, 28))
            cells.append((f"{r.choice(REGIONS[:12])}{born:%y%m%d}{r.randrange(1000):03d}", [("id", "unmasked")]))
        else:
            cells.append((number.lower() if r.random() < 0.1 else number, [("id", "unmasked")]))
        mobile = g.mobile()
        if r.random() < 0.3:
            text, state = g.mask_digits(mobile, 3, 4, r.random() < 0.2)
            cells.append((text, [("mobile", state)]))
        else:
            cells.append(
                (
                    r.choice([mobile, f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}", f"+86 {mobile}"]),
                    [("mobile", "unmasked")],
                )
            )
        email = g.email()
        cells.append(
            (email[0] + "***" + email[email.index("@") :], [("email", "masked")])
            if r.random() < 0.2
            else (email, [("email", "unmasked")])
        )
        card = g.card()
        if r.random() < 0.3:
            text, state = g.mask_digits(card, 6, 4, r.random() < 0.2)
            cells.append((text, [("card", state)]))
        else:
            cells.append((card, [("card", "unmasked")]))
        cells.append((g.home(), [("home", "unmasked")]) if r.random() < 0.8 else ("北京市" + r.choice(DISTRICTS), []))
        born = g.birth()
        cells.append(
            (
                r.choice([born.isoformat(), f"{born:%Y/%m/%d}", f"{born.year}年{born.month}月{born.day}日"]),
                [("dob", "unmasked")],
            )
        )
        cells.append((g.plate(), [("plate", "unmasked")]) if r.random() < 0.7 else ("", []))
        cells.append((g.passport(), [("passport", "unmasked")]) if r.random() < 0.4 else ("", []))
        cells.append((g.landline(), [("landline", "unmasked")]))
        t.add(cells)
    return t


def free_text_table(g: Gen, n: int) -> LabelledTable:
    """Notes with values glued to Chinese words, separators, URLs, dates and amounts around them."""
    t = LabelledTable("notes", ["事项编号", "登记日期", "金额", "备注"])
    r = g.rnd
    for i in range(n):
        choice = r.random()
        if choice < 0.15:
            number = g.resident_id()
            note, truth = f"申请人身份证号{number}，已核验", [("id", "unmasked")]
        elif choice < 0.3:
            mobile = g.mobile()
            note, truth = f"请联系{g.name()}，电话{mobile}转{r.randint(100, 999)}", [("mobile", "unmasked")]
        elif choice < 0.38:
            card = g.card()
            note, truth = f"退款至卡号{card}", [("card", "unmasked")]
        elif choice < 0.46:
            note, truth = f"材料请发送至{g.email()}。", [("email", "unmasked")]
        elif choice < 0.52:
            number, mobile = g.resident_id(), g.mobile()
            note, truth = (
                f"身份证{number} 手机 {mobile[:3]} {mobile[3:7]} {mobile[7:]}",
                [("id", "unmasked"), ("mobile", "unmasked")],
            )
        elif choice < 0.55:
            note, truth = f"车辆{g.plate()}违停", [("plate", "unmasked")]
        elif choice < 0.58:
            number, mobile = g.resident_id(), g.mobile()
            note, truth = f"ID:{number}; Tel:{mobile}", [("id", "unmasked"), ("mobile", "unmasked")]
        elif choice < 0.66:
            note, truth = f"详见 {g.url()}", []
        elif choice < 0.74:
            note, truth = f"订单号{g.order_number()}已处理", []
        elif choice < 0.8:
            note, truth = f"流水号{g.transaction_number()}", []
        elif choice < 0.86:
            note, truth = f"会员号{g.member_number()}，积分{r.randint(0, 5000)}", []
        elif choice < 0.9:
            number = g.resident_id()
            text, state = g.mask_id(number)
            note, truth = f"身份证号{text}", [("id", state)]
        else:
            note, truth = f"于{g.date()}完成，合计{g.amount()}元", []
        t.add([(f"SX{i:06d}", []), (g.date(), []), (g.amount(), []), (note, truth)])
    return t


def lookalike_table(g: Gen, n: int) -> LabelledTable:
    """No personal data at all: every column is a trap for a scanner without checks."""
    t = LabelledTable(
        "lookalikes", ["施工许可证号", "订单编号", "统一社会信用代码", "会员号", "交易流水号", "日期", "金额", "链接"]
    )
    for _ in range(n):
        kind = g.rnd.choice(["91", "91", "12", "52", "11"])
        t.add(
            [
                (g.permit_number(), []),
                (g.order_number(), []),
                (g.uscc(kind), []),
                (g.member_number(), []),
                (g.transaction_number(), []),
                (g.date(), []),
                (g.amount(), []),
                (g.url(), []),
            ]
        )
    return t


def credit_code_table(g: Gen, n: int) -> LabelledTable:
    """A credit-code column where some publishers typed ID numbers (as in real Beijing data),
    plus individual businesses (type 92)."""
    t = LabelledTable("credit_codes", ["序号", "名称", "统一社会信用代码", "信用等级"])
    for i in range(n):
        x = g.rnd.random()
        if x < 0.35:
            cell = (g.resident_id(), [("id", "unmasked")])
        elif x < 0.5:
            cell = (g.uscc("92"), [("uscc92", "unmasked")])
        else:
            cell = (g.uscc(g.rnd.choice(["91", "12", "52"])), [])
        t.add([(str(i + 1), []), (f"单位{i}", []), cell, (g.rnd.choice(["A", "B", "信用良好A"]), [])])
    return t


def contacts_table(g: Gen, n: int) -> LabelledTable:
    """English headers, Latin names, international-style numbers."""
    t = LabelledTable("contacts", ["Full Name", "Mobile", "Email", "Company Name", "Notes"])
    for _ in range(n):
        mobile = g.mobile()
        t.add(
            [
                (g.latin_name(), [("name", "unmasked")]),
                (f"+86 {mobile[:3]} {mobile[3:7]} {mobile[7:]}", [("mobile", "unmasked")]),
                (g.email(), [("email", "unmasked")]),
                (g.rnd.choice(["Acme Ltd", "Beijing Data Co", "Open Government Office"]), []),
                (g.rnd.choice(["", "VIP", f"met on {g.date()}"]), []),
            ]
        )
    return t


def mixed_table(g: Gen, n: int) -> LabelledTable:
    """The hard cases: a number column mixing ID numbers with permit numbers built like IDs
    (about 1 in 11 passes the checksum and is still not an ID), and bare numbers in a
    remarks column with nothing around them, among member numbers of the same length."""
    t = LabelledTable("mixed", ["登记号码", "说明"])
    for _ in range(n):
        number = (g.resident_id(), [("id", "unmasked")]) if g.rnd.random() < 0.9 else (g.permit_number(), [])
        if g.rnd.random() < 0.5:
            note = (g.mobile(), [("mobile", "unmasked")])
        else:
            note = (g.member_number(), [])
        t.add([number, note])
    return t


def _full_width(text: str) -> str:
    return "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in text)


TRADITIONAL_SURNAMES = "陳黃張劉賴蕭鄭謝楊許吳蔡"
ROLE_HEADERS = ["经办人", "管理人", "联系人", "聯絡人", "負責人", "申請人", "法定代表人"]


def misleading_header_table(g: Gen, n: int) -> LabelledTable:
    """Headers that name a person but hold none (a count of staff, a document type, an office
    hotline), personal data under headers that say nothing (编号, 备用), and role headers in
    Simplified and Traditional Chinese with names written either way."""
    t = LabelledTable(
        "misleading", ["管理人员数", "身份证明材料", "服务热线", "编号", "备用", "name", *ROLE_HEADERS[:4]]
    )
    r = g.rnd
    for _ in range(n):
        traditional = r.choice(TRADITIONAL_SURNAMES) + "".join(r.choice(GIVEN) for _ in range(2))
        t.add(
            [
                (str(r.randint(1, 90)), []),
                (r.choice(["身份证复印件", "户口簿", "护照首页"]), []),
                (r.choice(["12345", "12315"]), []),
                (g.resident_id(), [("id", "unmasked")]),
                (g.mobile(), [("mobile", "unmasked")]),
                (r.choice(["Central Park", "Main Street Station", "Riverside"]), []),
                (g.name(), [("name", "unmasked")]),
                (traditional, [("name", "unmasked")]),
                (g.name(), [("name", "unmasked")]),
                (traditional, [("name", "unmasked")]),
            ]
        )
    return t


def glued_table(g: Gen, n: int) -> LabelledTable:
    """Values glued to the words around them, names right after a role word."""
    t = LabelledTable("glued", ["事项", "情况说明"])
    r = g.rnd
    for i in range(n):
        x = r.random()
        name = g.name()
        if x < 0.25:
            note, truth = f"联系人{name}电话{g.mobile()}", [("mobile", "unmasked"), ("name", "unmasked")]
        elif x < 0.4:
            note, truth = f"负责人：{name}，已核实", [("name", "unmasked")]
        elif x < 0.55:
            note, truth = f"申请人身份证号{g.resident_id()}已核验", [("id", "unmasked")]
        elif x < 0.7:
            note, truth = f"ID:{g.resident_id()};Tel:{g.mobile()}", [("id", "unmasked"), ("mobile", "unmasked")]
        elif x < 0.8:
            note, truth = "申请人单位、办结时间、联系人电话", []  # a list of field names, no person
        elif x < 0.9:
            note, truth = f"经办人{name[0]}*", [("name", "masked")]
        else:
            note, truth = f"订单号{g.order_number()}已处理", []
        t.add([(f"SX{i:06d}", []), (note, truth)])
    return t


def full_width_table(g: Gen, n: int) -> LabelledTable:
    """IDs and mobiles typed in full-width digits, or with spaces and dashes inside."""
    t = LabelledTable("full_width", ["序号", "证件号码", "联系电话", "备注"])
    r = g.rnd
    for i in range(n):
        number, mobile = g.resident_id(), g.mobile()
        style = r.random()
        if style < 0.4:
            cell = _full_width(number)
        elif style < 0.7:
            cell = f"{number[:6]} {number[6:14]} {number[14:]}"
        else:
            cell = f"{number[:6]}-{number[6:14]}-{number[14:]}"
        phone = _full_width(mobile) if r.random() < 0.5 else f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}"
        note = (f"手机{_full_width(mobile)}", [("mobile", "unmasked")]) if r.random() < 0.3 else ("", [])
        t.add([(str(i + 1), []), (cell, [("id", "unmasked")]), (phone, [("mobile", "unmasked")]), note])
    return t


def plate_variant_table(g: Gen, n: int) -> LabelledTable:
    """Plates written with a dash or a dot after the letter, in a plate column and in notes."""
    t = LabelledTable("plates", ["日期", "车辆", "情况"])
    r = g.rnd
    for _ in range(n):
        plate = g.plate()
        shown = r.choice([plate, plate[:2] + "-" + plate[2:], plate[:2] + "·" + plate[2:]])
        masked = r.random() < 0.15
        cell = (plate[:2] + "***" + plate[-2:], [("plate", "masked")]) if masked else (shown, [("plate", "unmasked")])
        other = g.plate()
        note = (f"车辆{other[:2]}-{other[2:]}违停", [("plate", "unmasked")]) if r.random() < 0.3 else ("正常", [])
        t.add([(g.date(), []), cell, note])
    return t


def company_register_table(g: Gen, n: int) -> LabelledTable:
    """A register of companies: the legal representative is a person, the 住所 is the
    company's registered seat (no SF007 however detailed), the credit code no ID."""
    t = LabelledTable("companies", ["企业名称", "统一社会信用代码", "法定代表人", "住所", "登记机关"])
    r = g.rnd
    for i in range(n):
        t.add(
            [
                (f"北京{r.choice(['甲', '乙', '丙'])}科技有限公司{i}", []),
                (g.uscc("91"), []),
                (g.name(), [("name", "unmasked")]),
                (g.home(), []),
                (r.choice(["朝阳分局", "海淀分局"]), []),
            ]
        )
    return t


def masked_people_table(g: Gen, n: int) -> LabelledTable:
    """Mostly masked: 60% of the names masked (张*), addresses masked, US phones with extensions."""
    t = LabelledTable("mostly_masked", ["姓名", "家庭住址", "Phone"])
    r = g.rnd
    for _ in range(n):
        name = g.name()
        masked = r.random() < 0.6
        cell = (name[0] + "*" * (len(name) - 1), [("name", "masked")]) if masked else (name, [("name", "unmasked")])
        home = g.home()
        address = (home[:6] + "****", [("home", "masked")]) if r.random() < 0.5 else (home, [("home", "unmasked")])
        phone = f"({r.randint(201, 989)}) 555-{r.randrange(10000):04d} x{r.randint(1, 9999)}"
        t.add([cell, address, (phone, [("landline", "unmasked")])])
    return t


def generate(seed: int = 5, rows: int = 400, as_of: dt.date = dt.date(2026, 11, 28)) -> list[LabelledTable]:
    g = Gen(seed, as_of)
    return [
        people_table(g, rows),
        free_text_table(g, rows),
        lookalike_table(g, rows),
        credit_code_table(g, rows),
        contacts_table(g, rows // 2),
        mixed_table(g, rows),
        misleading_header_table(g, rows),
        glued_table(g, rows),
        full_width_table(g, rows),
        plate_variant_table(g, rows),
        company_register_table(g, rows),
        masked_people_table(g, rows),
    ]
