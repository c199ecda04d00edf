"""Completeness of the metadata that must travel with a dataset."""

from __future__ import annotations

from auditor.metadata.problems import PROBLEM_WORDS
from auditor.model import Severity
from auditor.options import Opt
from auditor.rule import Rule

FIELD_LABELS = {
    "title": ("title", "数据名称"),
    "publisher": ("publisher", "数据提供方"),
    "frequency": ("update frequency", "更新频率"),
    "modified": ("last modified", "更新时间"),
    "licence": ("licence", "开放许可"),
    "open_condition": ("open condition", "开放条件"),
}


class RequiredMetadata(Rule):
    """Title, publisher, update frequency, last modified, licence and open
    condition (开放条件) must be declared. Title and publisher missing is an
    error; the rest are warnings. A field the source has no place for at all
    (a catalogue export without that column) is not asked of each record: the
    portal scorecard says once that the catalogue does not publish it."""

    code = "CP005"
    name = "required-metadata"
    default_severity = Severity.WARNING
    title = {"en": "Required metadata missing", "zh": "缺少必备元数据"}
    messages = {
        "default": {"en": "Metadata field missing: {field}", "zh": "缺少元数据项：{field_zh}"},
        "none": {
            "en": "No metadata found (no NAME.meta.yaml sidecar, --metadata file or datapackage.json): "
            "{fields} are unknown",
            "zh": "未找到元数据（无 NAME.meta.yaml、--metadata 或 datapackage.json）：{fields_zh} 均缺失",
        },
    }
    options = {
        "required": Opt(
            ["title", "publisher", "frequency", "modified", "licence", "open_condition"],
            list,
            str,
            choices=tuple(FIELD_LABELS),
            doc="metadata fields that must be present",
            doc_zh="必须提供的元数据项",
        ),
        "error_fields": Opt(
            ["title", "publisher"],
            list,
            str,
            choices=tuple(FIELD_LABELS),
            doc="fields whose absence is an error rather than a warning",
            doc_zh="缺失时判为错误（而非警告）的元数据项",
        ),
    }
    example_fail = {"file": "t.csv", "text": "a,b\n1,2\n"}
    example_pass = {
        "file": "t.csv",
        "text": "a,b\n1,2\n",
        "meta": {
            "数据名称": "测试",
            "数据提供方": "市统计局",
            "更新频率": "每月",
            "更新时间": "2026-11-01",
            "开放许可": "CC-BY-4.0",
            "开放条件": "无条件开放",
        },
    }

    def dataset(self, ds):
        meta = ds.metadata
        unpublished = set(getattr(meta, "not_in_source", ()) or ())
        required = [f for f in self.opts["required"] if f in FIELD_LABELS and f not in unpublished]
        missing = [f for f in required if getattr(meta, f, None) in (None, "", [])]
        if not missing:
            return
        errors = [f for f in missing if f in self.opts["error_fields"]]
        if not meta.sources:
            self.report(
                "none",
                fields=", ".join(FIELD_LABELS[f][0] for f in missing),
                fields_zh="、".join(FIELD_LABELS[f][1] for f in missing),
                severity=Severity.ERROR if errors else None,
                data={"missing": missing},
            )
            return
        for f in missing:
            en, zh = FIELD_LABELS[f]
            self.report(
                field=en, field_zh=zh, column=None, severity=Severity.ERROR if f in errors else None, data={"field": f}
            )


class InvalidMetadataFile(Rule):
    """A sidecar or metadata file that cannot be parsed, has values of the
    wrong type, or has a key we do not know (a typo such as `更新频律` would
    otherwise switch the timeliness checks off silently; the closest known key
    is suggested, and such a near miss is an error). Custom keys start with
    `x-`. The data is still audited."""

    code = "CP008"
    name = "invalid-metadata-file"
    default_severity = Severity.WARNING
    title = {"en": "Metadata file invalid", "zh": "元数据文件无效"}
    messages = {
        "default": {"en": "Metadata problem: {problem}", "zh": "元数据问题：{problem}"},
        **PROBLEM_WORDS,  # each problem a metadata reader can meet, in both languages
    }
    example_fail = {"file": "t.csv", "text": "a,b\n1,2\n", "meta_text": "title: [unclosed\n"}
    example_pass = {"file": "t.csv", "text": "a,b\n1,2\n", "meta": {"title": "ok"}}

    def dataset(self, ds):
        for problem in ds.metadata_problems:
            key = getattr(problem, "key", None)  # a MetadataProblem words itself in both languages
            if key in self.messages:  # a near-miss of a known key hides that field: an error, not a warning
                self.report(
                    key, severity=Severity.ERROR if problem.params.get("suggestion") else None, **problem.params
                )
            else:
                self.report(problem=problem)
