"""Text from outside (the server's messages, names in an export) made safe to print: on a
terminal, in a pipe read by one, and in a log line.

A control character could move the cursor, clear the screen or colour a forged "Export
complete and verified"; a newline could forge a log line; a bidi override could make text read
backwards. Each is shown as a visible escape (``\\x1b``, ``\\u202e``) instead, so nothing is
lost and nothing acts.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, the line and paragraph separators, and the bidi marks,
# embeddings, overrides and isolates.
_CONTROLS = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{_CONTROLS}]")
_UNSAFE_KEEPING_LINES = re.compile(f"(?!\n)[{_CONTROLS}]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control, separator and bidi character escaped; with
    ``keep_newlines`` line feeds stay (a traceback's lines, which are ours)."""
    pattern = _UNSAFE_KEEPING_LINES if keep_newlines else _UNSAFE
    return pattern.sub(_escaped, text)
