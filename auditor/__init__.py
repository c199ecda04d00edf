"""Open Data Auditor: audit government open data before and after it is published."""
__version__ = "0.1.0"
