"""Tamper-evident audit log: every audit row (django-auditlog's LogEntry) is chained to the one
before it by a SHA-256 hash; `sifa audit verify` walks the chain."""
