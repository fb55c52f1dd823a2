"""What the export wizard's steps share: the page ids, the include list's extra rows and
the way the steps make their buttons and labels.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from app.export.engine import ExportPlan
from app.export.kinds import TRUST_RECORD_KINDS

DOCUMENT_FILES = "document_files"  # the include list's row for the files themselves
LEDGERS = "ledgers"  # the include list's row for the trust and client ledger reports
TRUST_KEYS = (*TRUST_RECORD_KINDS, LEDGERS)


class PageId(enum.IntEnum):
    DESTINATION = 0
    INCLUDE = 1
    PROGRESS = 2
    VERIFICATION = 3
    DONE = 4


def plan_keys(plan: ExportPlan) -> list[str]:
    return [kind.key for kind in plan.kinds] + [DOCUMENT_FILES, LEDGERS]


def button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text.replace("&", ""))
    # Enter always means the wizard's Next/Finish; Space presses the focused button.
    button.setAutoDefault(False)
    return button


def wrapping_label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label
