"""Changing one's mind about closing, on the Account and Data availability pages: "Closing
scheduled for …  [Cancel the closing]" while a closing at the end of the paid period is
pending, and "You can reopen the account until …  [Reopen]" after closing, while the service
allows it. Only the Primary Subscriber gets the buttons; both ask for confirmation first, and
the server decides (app.closing.when.ChangeOfMind)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.account.models import Account, AccountStatus, Retention
from app.closing.retention import retention_dates
from app.closing.store import ClosingStore
from app.closing.when import ChangeClient, ChangeOfMind, ChangeOutcome, ChangeResult
from ui.common.background import CancelToken, ProgressCallback, run_in_background
from ui.common.formats import format_deadline, format_moment
from ui.common.widgets import ask_confirmation

log = logging.getLogger(__name__)

# (parent, title, text, confirm label) -> confirmed; the pages' tests answer it themselves.
Ask = Callable[[QWidget | None, str, str, str], bool]


class ChangeOfMindPanel(QFrame):
    """See the module doc. `changed()` is emitted when the server's answer changed the account
    (or showed it had changed): the page reloads."""

    changed = Signal()

    def __init__(
        self,
        client: Callable[[], ChangeClient | None],
        store: Callable[[], ClosingStore | None],
        tz: Callable[[], tzinfo],
        parent: QWidget | None = None,
        *,
        ask: Ask | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("changeOfMindPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._client = client
        self._store = store
        self._tz = tz
        self.ask: Ask = ask or ask_confirmation
        self.busy = False
        self.account: Account | None = None
        self.text = QLabel()
        self.text.setObjectName("changeOfMindText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("changeOfMindStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.hide()
        self.cancel_button = QPushButton(self.tr("Cancel the closing"))
        self.cancel_button.setObjectName("cancelClosingButton")
        self.cancel_button.clicked.connect(self.cancel_closing)
        self.reopen_button = QPushButton(self.tr("Reopen the account"))
        self.reopen_button.setObjectName("reopenButton")
        self.reopen_button.clicked.connect(self.reopen)
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.reopen_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.hide()

    # -- showing --------------------------------------------------------------------------------

    def show_account(
        self,
        account: Account | None,
        is_primary: bool,
        saved: Retention | None = None,
        now: datetime | None = None,
    ) -> None:
        """Show what can still be changed for this account (hidden when nothing can). Without
        the account (offline), the saved retention answer still says until when the account
        can be reopened."""
        self.account = account
        tz = self._tz()
        self.cancel_button.hide()
        self.reopen_button.hide()
        if account is None:
            until = saved.reopen_until if saved is not None else None
            if (
                saved is not None
                and saved.account_status is AccountStatus.CLOSED
                and until is not None
                and (now or saved.server_time) < until
            ):
                self._set_text(
                    self.tr("The Primary Subscriber can reopen the account until %1.").replace(
                        "%1", format_moment(until, tz)
                    )
                )
                self.show()
            else:
                self.hide()
            return
        if account.closing_scheduled and account.closing_scheduled_at is not None:
            when = format_moment(account.closing_scheduled_at, tz)
            text = self.tr(
                "Closing scheduled for %1, at the end of the paid period. Until then everyone"
                " keeps working; then the account closes by itself."
            ).replace("%1", when)
            text += " " + self._deletion_text(account)
            if is_primary:
                text += " " + self.tr("You can cancel the closing until then.")
                self.cancel_button.show()
            else:
                text += " " + self.tr("The Primary Subscriber can cancel it until then.")
            self._set_text(text)
            self.show()
            return
        if (
            account.status is AccountStatus.CLOSED
            and account.reopen_until is not None
            and account.may_reopen()
        ):
            reopen_until = format_moment(account.reopen_until, tz)
            if is_primary:
                text = self.tr("You can reopen the account until %1.").replace("%1", reopen_until)
                self.reopen_button.show()
            else:
                text = self.tr("The Primary Subscriber can reopen the account until %1.").replace(
                    "%1", reopen_until
                )
            self._set_text(text)
            self.show()
            return
        self.hide()

    def _deletion_text(self, account: Account) -> str:
        """When the data is deleted after the scheduled closing (counted from its instant)."""
        assert account.closing_scheduled_at is not None
        dates = retention_dates(account.closing_scheduled_at, account.escrow_enabled)
        return self.tr("The practice data then stays reachable until %1.").replace(
            "%1", format_deadline(dates.content_last_day, self._tz())
        )

    def _set_text(self, text: str) -> None:
        self.text.setText(text)
        self.setAccessibleDescription(text)
        for button in (self.cancel_button, self.reopen_button):
            button.setEnabled(not self.busy and self._client() is not None)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # -- acting ---------------------------------------------------------------------------------

    def cancel_closing(self) -> None:
        account = self.account
        if self.busy or account is None or account.closing_scheduled_at is None:
            return
        when = format_moment(account.closing_scheduled_at, self._tz())
        if not self.ask(
            self,
            self.tr("Cancel the closing"),
            self.tr(
                "Cancel the closing scheduled for %1? The account stays open and the"
                " subscription continues: the next charge is made as usual."
            ).replace("%1", when),
            self.tr("Cancel the closing"),
        ):
            return
        self._run(lambda change: change.cancel_scheduled_closing(), "cancel-closing")

    def reopen(self) -> None:
        account = self.account
        if self.busy or account is None or account.reopen_until is None:
            return
        if not self.ask(
            self,
            self.tr("Reopen the account"),
            self.tr(
                "Reopen the account of %1? The subscription starts again and is charged as"
                " before; users who lost access sign in again. Online payments stay off until"
                " you turn them on again."
            ).replace("%1", account.firm.name),
            self.tr("Reopen the account"),
        ):
            return
        self._run(lambda change: change.reopen(), "reopen-account")

    def _run(self, action: Callable[[ChangeOfMind], ChangeResult], name: str) -> None:
        client = self._client()
        if client is None:
            return
        change = ChangeOfMind(client, self._store())
        self.busy = True
        self.cancel_button.setEnabled(False)
        self.reopen_button.setEnabled(False)
        self._say(self.tr("Waiting for the service…"))

        def op(token: CancelToken, report: ProgressCallback) -> ChangeResult:
            return action(change)

        def failure(error: BaseException) -> None:
            log.warning("%s failed unexpectedly: %r", name, error)
            self._finished(ChangeResult(ChangeOutcome.FAILED, str(error)))

        run_in_background(self, op, self._finished, failure, name=name)

    def _finished(self, result: ChangeResult) -> None:
        self.busy = False
        self.cancel_button.setEnabled(True)
        self.reopen_button.setEnabled(True)
        if result.outcome is ChangeOutcome.DONE:
            self._say(self.tr("Done: the service confirmed it."))
        elif result.outcome is ChangeOutcome.TOO_LATE:
            self._say(self._too_late_text(result.error_type))
        elif result.outcome is ChangeOutcome.NOT_ALLOWED:
            self._say(self.tr("Only the Primary Subscriber can do this."))
        else:
            self._say(
                self.tr(
                    "The service could not be reached (%1). Nothing has changed; try again."
                ).replace("%1", result.message.rstrip("."))
            )
            return
        self.changed.emit()

    def _too_late_text(self, error_type: str | None) -> str:
        if error_type == "already_closed":
            return self.tr(
                "Too late: the account has closed already. The Primary Subscriber can reopen it"
                " for a while."
            )
        if error_type == "reopen_period_over":
            return self.tr("Too late: the account can no longer be reopened. Call support.")
        if error_type == "not_closed":
            return self.tr("The account is open.")
        return self.tr("The account changed in the meantime.")


def is_primary(session: object, account: Account | None) -> bool:
    """Whether the signed-in user is the account's Primary Subscriber."""
    identity = getattr(session, "identity", None)
    user_id = getattr(identity, "user_id", None)
    primary = account.primary_subscriber if account is not None else None
    return user_id is not None and primary is not None and user_id == primary.id


def change_of_mind_panel(
    session: object, store: ClosingStore | None, tz: Callable[[], tzinfo]
) -> ChangeOfMindPanel:
    """A panel for a page whose session may or may not speak the self-service API."""

    def client() -> ChangeClient | None:
        found = getattr(session, "selfservice", None)
        return found if found is not None and hasattr(found, "reopen") else None

    return ChangeOfMindPanel(client, lambda: store, tz)
