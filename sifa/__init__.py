"""Sifa (司法): records and reports of a county Justice Bureau."""

__version__ = "0.1.0"
