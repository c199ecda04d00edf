"""Built-in rule packs (installed as `auditor.rules`)."""
