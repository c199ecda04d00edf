"""File-level machine readability: can the bytes be read, and read as what they claim?"""
from __future__ import annotations

from auditor import formats
from auditor.model import Severity
from auditor.rule import Rule


class Unreadable(Rule):
    """The file exists but cannot be parsed as the format its content shows.

    A broken file is a finding, never a crash: the message says why, without
    quoting the file's content."""

    code = "MR001"
    name = "unreadable"
    default_severity = Severity.ERROR
    title = {"en": "File cannot be read", "zh": "文件无法读取"}
    messages = {"default": {"en": "The file cannot be read: {reason}", "zh": "文件无法读取：{reason}"}}
    example_fail = {"file": "broken.json", "text": '{"a": [1, 2,'}
    example_pass = {"file": "ok.json", "text": '[{"a": 1}]'}

    def dataset(self, ds):
        if ds.load_error:
            self.report(reason=ds.load_error)


class ResourceLimit(Rule):
    """Reading the file hit one of the run's resource limits (docs/limits.md): a
    decompression bomb, a cell of a gigabyte, XML nested thousands deep, a line of
    100 MB. The rows read before the limit are audited; the rest of the file is
    skipped so that one hostile file cannot exhaust the run's memory or time.
    Raise a limit in the profile's `limits:` block when a real file needs it."""

    code = "MR022"
    name = "resource-limit"
    default_severity = Severity.ERROR
    title = {"en": "Resource limit reached while reading", "zh": "读取时达到资源上限"}
    messages = {"default": {"en": "Reading stopped at a resource limit; the rest of the file was skipped: {reason}",
                            "zh": "读取因达到资源上限而停止，文件其余部分未审核：{reason}"}}
    example_fail = {"file": "deep.xml", "text": "<a>" * 1001 + "</a>" * 1001}
    example_pass = {"file": "ok.xml", "text": "<rows><row><a>1</a></row><row><a>2</a></row></rows>"}

    def dataset(self, ds):
        if ds.limit_reached:
            self.report(reason=ds.limit_reached)


class ExtensionMismatch(Rule):
    """The file name claims one format and the content is another, e.g. an XLSX
    workbook named `.csv`: users and portals that trust the name cannot open it."""

    code = "MR002"
    name = "extension-mismatch"
    default_severity = Severity.WARNING
    title = {"en": "Extension does not match content", "zh": "文件扩展名与内容不符"}
    messages = {"default": {
        "en": "The name says {claimed} ({ext}) but the content is {actual}",
        "zh": "文件名显示为 {claimed}（{ext}），实际内容为 {actual}",
    }}
    example_fail = {"file": "table.csv", "text": "%PDF-1.4\n%fake\n"}
    example_pass = {"file": "table.csv", "text": "a,b\n1,2\n"}

    def dataset(self, ds):
        claimed = formats.extension_format(ds.path)
        if claimed and ds.format and not formats.name_matches(claimed, ds.format):
            self.report(claimed=claimed, ext=ds.extension, actual=ds.format,
                        data={"claimed": claimed, "actual": ds.format})


class NotMachineReadable(Rule):
    """PDF, Word, PowerPoint, images and HTML pages hold data for eyes, not for
    programs (seed Table 5: such formats keep data from being reused)."""

    code = "MR003"
    name = "not-machine-readable"
    default_severity = Severity.ERROR
    title = {"en": "Not a machine-readable format", "zh": "非机器可读格式"}
    messages = {"default": {
        "en": "{format} is not a machine-readable data format; publish CSV, JSON or XML",
        "zh": "{format} 不是机器可读的数据格式，应发布 CSV、JSON 或 XML",
    }}
    example_fail = {"file": "report.pdf", "text": "%PDF-1.4\n%fake\n"}
    example_pass = {"file": "table.csv", "text": "a,b\n1,2\n"}

    def dataset(self, ds):
        if ds.format in formats.NOT_MACHINE_READABLE:
            self.report(format=ds.format.upper(), data={"openness_stars": formats.stars(ds.format) or 0})


class ProprietaryFormat(Rule):
    """XLS and XLSX are readable but tied to a vendor's product: two of five
    openness stars; CSV earns three."""

    code = "MR004"
    name = "proprietary-format"
    default_severity = Severity.INFO
    title = {"en": "Proprietary spreadsheet format", "zh": "专有电子表格格式"}
    messages = {"default": {
        "en": "{format} is a proprietary format ({stars}★ of 5); also publish CSV (3★)",
        "zh": "{format} 为专有格式（开放等级 {stars}★/5），建议同时提供 CSV（3★）",
    }}
    example_fail = {"file": "t.xlsx", "workbook": [["a", "b"], [1, 2]]}
    example_pass = {"file": "t.csv", "text": "a,b\n1,2\n"}

    def dataset(self, ds):
        if ds.format in formats.PROPRIETARY_DATA:
            stars = formats.stars(ds.format)
            self.report(format=ds.format.upper(), stars=stars, data={"openness_stars": stars})


class NotUtf8(Rule):
    """Text that is not UTF-8 (GB18030, Big5, Windows-1252, UTF-16...) breaks
    every tool that assumes the web's default encoding."""

    code = "MR005"
    name = "not-utf8"
    default_severity = Severity.WARNING
    title = {"en": "Text is not UTF-8", "zh": "文本编码不是 UTF-8"}
    messages = {"default": {
        "en": "The text is encoded as {encoding}, not UTF-8",
        "zh": "文本编码为 {encoding}，而不是 UTF-8",
    }}
    example_fail = {"file": "gbk.csv", "text": "名称,数量\n北京,1\n", "encoding": "gb18030"}
    example_pass = {"file": "utf8.csv", "text": "名称,数量\n北京,1\n"}

    def dataset(self, ds):
        enc = (ds.encoding or "").lower()
        if enc and enc not in ("utf-8", "utf-8-sig", "ascii", "us-ascii"):
            self.report(encoding=ds.encoding, data={"encoding": ds.encoding})


class UndecodableBytes(Rule):
    """Bytes that decode in no consistent encoding: characters are lost and
    replaced, so the published values are wrong."""

    code = "MR006"
    name = "undecodable-bytes"
    default_severity = Severity.ERROR
    title = {"en": "Bytes that do not decode", "zh": "存在无法解码的字节"}
    messages = {"default": {
        "en": "{count} byte(s) do not decode as {encoding}",
        "zh": "有 {count} 个字节无法按 {encoding} 解码",
    }}
    example_fail = {"file": "bad.csv", "bytes": (
        "e5908de7a7b02ce695b0e9878f0ae58c97e4baace5b882e6b5b7e6b780e58cba2c310ae4b88ae6b5b7e5b882e6b5a6e4"
        "b89ce696b0e58cba2c320afffe2c330a"
    )}
    example_pass = {"file": "good.csv", "text": "a,b\n1,2\n"}

    def dataset(self, ds):
        if ds.decode_errors:
            self.report(count=ds.decode_errors, encoding=ds.encoding)
