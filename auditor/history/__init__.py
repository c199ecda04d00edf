"""The history of audits: a SQLite store of every run, and what changed between runs."""
