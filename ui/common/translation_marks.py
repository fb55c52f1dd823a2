"""`QT_TRANSLATE_NOOP`, typed: marks a source text for the translation file (lupdate finds the
call by its name) and returns it unchanged, as a `str`. PySide6's own is declared to return
`object`, which strict type checking cannot use where a string is expected."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, source_text: str) -> str:  # noqa: N802 - the name lupdate reads
    """`source_text` unchanged; shown later through `QCoreApplication.translate(context, ...)`."""
    return source_text
