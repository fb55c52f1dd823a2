"""Keeps a QWizard's page subtitle whole. Qt's wizard header gives the word-wrapped subtitle
the height of its first layout and never grows it, so a longer subtitle (a longer language, a
narrower window, larger text) loses its last lines. `fit_wizard_header(wizard)` makes each
header label as tall as its text needs at its current width, whenever it is resized or the
page changes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWizard, QWizardPage


def fit_label(label: QLabel) -> None:
    """A word-wrapped label's minimum height = what its text needs at its width."""
    needed = label.heightForWidth(label.width()) if label.width() > 0 else -1
    if needed > 0 and label.minimumHeight() != needed:
        label.setMinimumHeight(needed)


class _HeaderFitter(QObject):
    def __init__(self, wizard: QWizard) -> None:
        super().__init__(wizard)
        self.wizard = wizard
        self.watched: set[int] = set()

    def header_labels(self) -> list[QLabel]:
        """The wizard's own word-wrapped labels (Qt makes them when a page first shows)."""
        labels = []
        for label in self.wizard.findChildren(QLabel):
            parent = label.parentWidget()
            while parent is not None and parent is not self.wizard:
                if isinstance(parent, QWizardPage):
                    break
                parent = parent.parentWidget()
            else:
                if label.wordWrap():
                    labels.append(label)
        return labels

    def refit(self, *_args: object) -> None:
        for label in self.header_labels():
            if id(label) not in self.watched:
                self.watched.add(id(label))
                label.installEventFilter(self)
            fit_label(label)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if isinstance(watched, QLabel) and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.Show,
        ):
            fit_label(watched)
        elif watched is self.wizard and event.type() is QEvent.Type.Show:
            self.refit()
        return False


def fit_wizard_header(wizard: QWizard) -> None:
    """Keep the header labels of `wizard` tall enough for their text."""
    fitter = _HeaderFitter(wizard)
    wizard.installEventFilter(fitter)
    # Queued: the header takes the new page's texts after announcing the page.
    wizard.currentIdChanged.connect(fitter.refit, Qt.ConnectionType.QueuedConnection)
