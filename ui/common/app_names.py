"""The words app/ hands to the interface, in the person's language: the reasons offered for
closing and the documents the service cites (the kinds of records: ui/common/kind_names.py). app/
keeps its English (the CLI, the logs and the export's own files use it); these are the
translatable copies, listed where lupdate sees them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.account.models import CancellationReason, ReasonCode
from ui.common.translation_marks import QT_TRANSLATE_NOOP

# The app's wording of each closing reason the service offers (by its stable code).
REASON_TEXTS = {
    ReasonCode.TOO_EXPENSIVE: QT_TRANSLATE_NOOP("Reasons", "It is too expensive"),
    ReasonCode.MISSING_FEATURES: QT_TRANSLATE_NOOP("Reasons", "It is missing features we need"),
    ReasonCode.SWITCHED_SERVICE: QT_TRANSLATE_NOOP(
        "Reasons", "We are switching to another service"
    ),
    ReasonCode.UNUSED: QT_TRANSLATE_NOOP("Reasons", "We are not using it"),
    ReasonCode.CUSTOMER_SERVICE: QT_TRANSLATE_NOOP(
        "Reasons", "We were unhappy with customer service"
    ),
    ReasonCode.TOO_COMPLEX: QT_TRANSLATE_NOOP("Reasons", "It is too complicated to use"),
    ReasonCode.LOW_QUALITY: QT_TRANSLATE_NOOP("Reasons", "It does not work well enough"),
    ReasonCode.OTHER: QT_TRANSLATE_NOOP("Reasons", "Another reason"),
}


def reason_label(reason: CancellationReason) -> str:
    """A closing reason in the person's language; the service's own words where the app has
    no translation of its own (English, or a reason this version does not word)."""
    english = REASON_TEXTS.get(reason.code)
    if english is None:
        return reason.label
    translated = QCoreApplication.translate("Reasons", english)
    return reason.label if translated == english else translated


# The service's documents its answers cite by title (e.g. retention rules: "Terms of Service").
DOCUMENT_TITLES = (QT_TRANSLATE_NOOP("Documents", "Terms of Service"),)


def document_title(title: str) -> str:
    """A title the service cites, in the person's language where the app knows it."""
    return QCoreApplication.translate("Documents", title)
