"""Timeliness (TM): is the data updated as often as its metadata declares?

The declared frequency (auditor/frequency.py) is compared with the last update
and with the newest dates inside the data (DESIGN §5, §7). Every rule writes
the dataset's timeline to the report's `timeliness` facts.
"""
from auditor.rule import RulePack

from ..docs_zh import DOCS_ZH
from .bulk import BulkRestamp
from .consistency import FutureDates, InconsistentDates
from .declared import NoFrequency, NoLastModified, NoSchedule, UnrecognisedFrequency
from .staleness import ContentStale, Overdue

PACK = RulePack(
    id="timeliness",
    prefix="TM",
    dimension="timeliness",
    title={"en": "Timeliness", "zh": "时效性"},
    rules=(NoFrequency, NoLastModified, Overdue, ContentStale, FutureDates, InconsistentDates, NoSchedule,
           UnrecognisedFrequency, BulkRestamp),
    docs_zh=DOCS_ZH,
)
