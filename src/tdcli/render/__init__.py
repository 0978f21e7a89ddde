"""Rendering: the documents tdcli writes (the province's Excel form; later the Word reports)."""
