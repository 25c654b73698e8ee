"""Headless views of the timeline: the CLI's tables and the TUI's rows, no Textual here."""
