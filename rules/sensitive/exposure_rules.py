"""Rules about how personal data is exposed: weak masks (SF009) and personal data in a
dataset declared unconditionally open (SF010)."""

from __future__ import annotations

from collections import Counter

from auditor.identifiers import make_resident_id
from auditor.model import Severity
from auditor.options import Opt

from .field_rules import DETECTORS, ScanRule
from .masking import PARTIAL, UNMASKED, MaskPolicy
from .scan import SensitiveScan

_ID = make_resident_id("110105", "19900307", "123")
MASKABLE = ("id", "mobile", "card")


class WeakMasking(ScanRule):
    """Masked values that still reveal too much: an ID whose mask leaves the birth date
    readable, or any ID, mobile or card number showing more digits than the masking
    policy allows (defaults: ID region + last 4 = 10, mobile 3 + 4 = 7, card 6 + 4 = 10)."""

    code = "SF009"
    name = "weak-masking"
    default_severity = Severity.WARNING
    title = {"en": "Weak masking", "zh": "脱敏不充分"}
    messages = {
        "default": {
            "en": "Column '{column}' has {count} masked value(s) that still reveal too much ({birth} show "
            "the birth date)",
            "zh": "列“{column}”有 {count} 个脱敏值仍暴露过多信息（其中 {birth} 个露出出生日期）",
        }
    }
    options = {
        "id_max_visible": Opt(
            10,
            int,
            min=0,
            max=18,
            doc="digits a masked resident ID may still show",
            doc_zh="脱敏后的身份证号最多可显示的位数",
        ),
        "mobile_max_visible": Opt(
            7,
            int,
            min=0,
            max=11,
            doc="digits a masked mobile number may still show",
            doc_zh="脱敏后的手机号最多可显示的位数",
        ),
        "card_max_visible": Opt(
            10,
            int,
            min=0,
            max=19,
            doc="digits a masked bank card number may still show",
            doc_zh="脱敏后的银行卡号最多可显示的位数",
        ),
        "birth_date_visible": Opt(
            False,
            bool,
            doc="true to accept ID masks that leave the 8 birth-date digits readable",
            doc_zh="为 true 时接受仍露出 8 位出生日期的身份证脱敏方式",
        ),
    }
    example_fail = {"file": "t.csv", "text": f"姓名,身份证号\n张*,{_ID[:14]}****\n"}
    example_pass = {"file": "t.csv", "text": f"姓名,身份证号\n张*,{_ID[:6]}********{_ID[-4:]}\n"}

    @classmethod
    def scan_policy(cls, opts: dict):
        return MaskPolicy.from_options(opts)

    @classmethod
    def scan_wants(cls, opts: dict):
        return {"id", "phone", "card"}

    def end(self, table, results):
        per_column: dict[int, list] = {}
        for kind in MASKABLE:
            for col in results[SensitiveScan].results(kind):
                if col.tally.counts[PARTIAL]:
                    per_column.setdefault(col.index, []).append((kind, col))
        for _, found in sorted(per_column.items()):
            label = found[0][1].label
            count = sum(col.tally.counts[PARTIAL] for _, col in found)
            birth = sum(col.tally.birth_visible for _, col in found)
            rows = sorted({r for _, col in found for r in col.tally.rows.get(PARTIAL, [])})[:10]
            examples = [e for _, col in found for e in col.tally.examples.get(PARTIAL, [])][:5]
            self.report(
                column=label,
                count=count,
                row=rows[0] if rows else None,
                rows=rows,
                examples=examples,
                sensitive=True,
                birth=birth,
                data={"by_kind": {k: col.tally.counts[PARTIAL] for k, col in found}, "birth_date_visible": birth},
            )


class OpenDatasetExposure(ScanRule):
    """Personal data in a dataset whose metadata declares it unconditionally open
    (无条件开放): such data must be masked, or the dataset opened only on conditions."""

    code = "SF010"
    name = "personal-data-in-open-dataset"
    default_severity = Severity.ERROR
    title = {"en": "Personal data in an unconditionally open dataset", "zh": "无条件开放数据中含个人信息"}
    messages = {
        "default": {
            "en": "The dataset is declared unconditionally open but holds personal data: {found}",
            "zh": "数据集声明为无条件开放，但含有个人信息：{found}",
        }
    }
    options = {
        "codes": Opt(
            ["SF001", "SF002", "SF003", "SF004", "SF005", "SF006", "SF007", "SF008", "SF009", "SF013"],
            list,
            str,
            codes=True,
            doc="which sensitive-field findings count as personal data for this rule",
            doc_zh="哪些敏感信息规则的发现在本规则中算作个人信息",
        )
    }
    example_fail = {"file": "t.csv", "text": f"姓名,身份证号\n张*,{_ID}\n", "meta": {"开放条件": "无条件开放"}}
    example_pass = {"file": "t.csv", "text": f"姓名,身份证号\n张*,{_ID}\n", "meta": {"开放条件": "有条件开放"}}

    def dataset(self, ds):
        """Sum, over every table, what the active detectors report (judged with their effective
        options, so a detector a profile keeps quiet adds nothing): cited by code, exactly the
        findings the report holds. Detectors that are not selected are judged with their
        defaults and named by what they find, never by a code the report lacks."""
        if ds.metadata is None or getattr(ds.metadata, "open_condition", None) != "unconditional":
            return
        codes = self.opts["codes"]
        wanted = {codes} if isinstance(codes, str) else set(codes)
        reported: Counter = Counter()
        unreported: Counter = Counter()
        for _, results in ds.tables:
            scan = results.get(SensitiveScan)
            if scan is None:
                continue
            for detector in DETECTORS:
                if detector.code in wanted:
                    tally = reported if scan.reporting(detector) else unreported
                    key = detector.code if scan.reporting(detector) else detector.name
                    for col in scan.results(detector.kind):
                        if detector.flagged(col, results, scan.options_for(detector)):
                            tally[key] += col.tally.counts[UNMASKED]
            if WeakMasking.code in wanted:
                active = scan.reporting(WeakMasking)
                tally, key = (reported, WeakMasking.code) if active else (unreported, WeakMasking.name)
                for kind in MASKABLE:
                    for col in scan.results(kind):
                        tally[key] += col.tally.counts[PARTIAL]
        reported, unreported = +reported, +unreported
        if not reported and not unreported:
            return
        found = ", ".join(f"{key}×{n}" for key, n in [*sorted(reported.items()), *sorted(unreported.items())])
        self.report(
            count=sum(reported.values()) + sum(unreported.values()),
            found=found,
            data={"codes": dict(sorted(reported.items())), "not_selected": dict(sorted(unreported.items()))},
        )
