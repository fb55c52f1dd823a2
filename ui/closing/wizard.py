"""The guided closing walkthrough (Close Account): what closing means for this firm, a checklist
from live data, who keeps access for the 90 days, an optional reason, the final confirmation,
and what happened.

Closing itself goes through app.closing.store.ClosingSender (one closing per decision, the key
in the profile until the outcome is known). When the server wants a fresh sign-in the
walkthrough runs it in place and comes back to the confirmation with everything kept. When the
service closes the account itself (no self-service API, or a contract account) the last steps
show how to reach it and ask for the day it was closed, so the countdown can run from that day.

This module wires the steps (ui.closing.*_step) and sends the closing; what the steps read from
the server is in ui.closing.facts_model.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPushButton, QWidget, QWizard

from app.account.models import (
    Account,
    CancellationReason,
    CancellationRefused,
    Retention,
    SupportContact,
)
from app.closing.alternatives import Alternatives
from app.closing.facts import ClosingSession, Fact
from app.closing.retention import RetentionDates
from app.closing.store import (
    AccessCandidate,
    ClosingOutcome,
    ClosingRequest,
    ClosingResult,
    ClosingSender,
    ClosingStore,
    KnownClosing,
    LastExport,
    fallback_support,
    known_closing_from,
)
from ui.closing.access_step import AccessPage
from ui.closing.alternatives_step import AlternativesPage
from ui.closing.assisted_step import AssistedPage
from ui.closing.checklist_step import ChecklistPage
from ui.closing.confirm_step import ConfirmPage
from ui.closing.done_step import DonePage
from ui.closing.facts_model import ClosingFacts
from ui.closing.meaning_step import MeaningPage
from ui.closing.reason_step import ReasonPage
from ui.closing.receipt import receipt_folder, receipt_for
from ui.closing.step_parts import PageId
from ui.closing.when_step import WhenPage, summary_first_line
from ui.common.background import CancelToken, ProgressCallback, run_in_background
from ui.common.error_text import coded_text, error_text
from ui.common.formats import access_rule_text, format_deadline, local_zone
from ui.common.widgets import NoticeKind, use_warning_colour
from ui.common.wizard_header import fit_wizard_header

log = logging.getLogger(__name__)


# --- the wizard ------------------------------------------------------------------------------


class ClosingWizard(QWizard):
    """See the module doc. Emits `closed(KnownClosing)` once the closing is confirmed by the
    server (or entered by the person after closing with the service), and
    `countdown_requested()` when “Show the countdown” ends the walkthrough."""

    closed = Signal(object)
    # A closing at the end of the paid period was scheduled (the server's retention answer).
    scheduled = Signal(object)
    facts_changed = Signal()
    countdown_requested = Signal()

    def __init__(
        self,
        session: ClosingSession,
        *,
        fresh_sign_in: Callable[[], None],
        open_export_wizard: Callable[[], None],
        last_export: Callable[[], LastExport | None],
        tz: tzinfo | None = None,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("closingWizard")
        self.setWindowTitle(self.tr("Close the account"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        fit_wizard_header(self)  # long subtitles (and longer languages) are not cut off
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.session = session
        self.selfservice = session.selfservice
        self._fresh_sign_in = fresh_sign_in
        self._open_export_wizard = open_export_wizard
        self.tz = tz or local_zone()
        self.store = ClosingStore(session.server.origin)
        self.closing_sender = (
            ClosingSender(self.selfservice, self.store) if self.selfservice else None
        )
        self.shared_facts = ClosingFacts(session, last_export=last_export, clock=clock, parent=self)
        self.shared_facts.changed.connect(self.facts_changed)
        self.shared_facts.contract_account.connect(self._contract_account)
        # What was read, by fact (the steps and tests read it; setting one is seen by all).
        self.facts: dict[Fact, Any] = self.shared_facts.values
        self.outcome: ClosingResult | None = None
        self.known: KnownClosing | None = None
        self.sending = False
        self.signing_in = False
        self.assisted = self.selfservice is None

        self.meaning = MeaningPage(self)
        self.checklist = ChecklistPage(self)
        self.access = AccessPage(self)
        self.reason = ReasonPage(self)
        self.when_page = WhenPage(self)
        self.confirm = ConfirmPage(self)
        self.assisted_page = AssistedPage(self)
        self.done_page = DonePage(self)
        self.alternatives_shown = False
        self.alternatives_page = AlternativesPage(self)
        for page_id, page in (
            (PageId.MEANING, self.meaning),
            (PageId.CHECKLIST, self.checklist),
            (PageId.ACCESS, self.access),
            (PageId.REASON, self.reason),
            (PageId.WHEN, self.when_page),
            (PageId.CONFIRM, self.confirm),
            (PageId.ASSISTED, self.assisted_page),
            (PageId.DONE, self.done_page),
            (PageId.ALTERNATIVES, self.alternatives_page),
        ):
            self.setPage(int(page_id), page)
        self.setStartId(int(PageId.MEANING))

        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Go back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Show the countdown"))
        self.close_button = QPushButton(self.tr("Close the account"))
        self.close_button.setObjectName("closePermanentlyButton")
        self.close_button.setAutoDefault(False)
        use_warning_colour(
            self.close_button, "QPushButton:enabled { color: {colour}; font-weight: bold; }"
        )
        self.setButton(QWizard.WizardButton.CustomButton1, self.close_button)
        self.close_button.clicked.connect(self.send_closing)
        self.use_confirm_buttons(False)
        self.installEventFilter(self)
        # After the wizard moved the focus into the new page: the safe button takes it there.
        self.currentIdChanged.connect(self._page_shown)
        self.resize(720, 560)

        self.reread_last_export()
        self.shared_facts.load_all()
        self._recover_pending()

    # -- facts (ui.closing.facts_model; the steps ask the wizard)

    def _contract_account(self) -> None:
        self.assisted = True

    def now(self) -> datetime:
        return self.shared_facts.now()

    @property
    def account(self) -> Account | None:
        return self.shared_facts.account

    @property
    def firm(self) -> str:
        if self.account is not None:
            return self.account.firm.name
        return self.session.firm_name or self.tr("the firm")

    @property
    def alternatives(self) -> Alternatives | None:
        return self.shared_facts.alternatives

    @property
    def last_export(self) -> LastExport | None:
        return self.shared_facts.last_export

    def alternatives_settled(self) -> bool:
        return self.shared_facts.alternatives_settled()

    def set_alternatives(self, offer: Alternatives) -> None:
        self.shared_facts.set_alternatives(offer)

    def reload_account(self) -> None:
        self.shared_facts.reload_account()

    def failed(self, fact: Fact) -> bool:
        return self.shared_facts.failed(fact)

    def failure_text(self, fact: Fact) -> str:
        return self.shared_facts.failure_text(fact)

    def loaded(self, fact: Fact) -> bool:
        return self.shared_facts.loaded(fact)

    def reread_last_export(self) -> None:
        self.shared_facts.reread_last_export()

    def candidates(self) -> tuple[AccessCandidate, ...]:
        return self.shared_facts.candidates()

    def dates_if_closed_now(self) -> RetentionDates:
        return self.shared_facts.dates_if_closed_now()

    def open_export(self) -> None:
        self._open_export_wizard()
        self.reread_last_export()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self and event.type() == QEvent.Type.WindowActivate:
            # Back from a non-modal export wizard: its result may be new.
            self.reread_last_export()
        return super().eventFilter(watched, event)

    def support_contact(self) -> SupportContact:
        refusal = self.outcome.refusal if self.outcome is not None else None
        if refusal is not None:
            return refusal.support
        support = self.facts.get(Fact.SUPPORT)
        if isinstance(support, SupportContact):
            return support
        return fallback_support(self.session.server.origin)

    def not_primary_text(self) -> str:
        """Why this user may not close (empty when they may)."""
        account = self.account
        refusal: CancellationRefused | None = (
            self.outcome.refusal
            if self.outcome is not None
            and self.outcome.outcome is ClosingOutcome.NOT_PRIMARY_SUBSCRIBER
            else None
        )
        not_primary = refusal is not None or (
            account is not None
            and account.self_service_cancellation.reason == "not_primary_subscriber"
        )
        if not not_primary:
            return ""
        person = (
            refusal.primary_subscriber
            if refusal is not None and refusal.primary_subscriber
            else account.primary_subscriber
            if account is not None
            else None
        )
        who = person.name if person is not None else self.tr("the Primary Subscriber")
        support = self.support_contact()
        return (
            self.tr(
                "Only the Primary Subscriber, %1, can close the account. Ask them, or call"
            ).replace("%1", who)
            + " "
            + self.tr("support on %1.").replace("%1", support.phone)
        )

    # -- summary and confirmation

    def summary_text(self) -> str:
        choice = self.when_page.chosen_choice()
        dates = choice.dates if choice is not None else self.dates_if_closed_now()
        lines = [summary_first_line(choice, self.firm, self.tz)]
        person = self.access.chosen()
        designated = (
            self.tr("Designated user: %1.").replace("%1", person.name)
            if person is not None and not person.primary_subscriber
            else self.tr("No one else is designated.")
        )
        lines.append(
            access_rule_text()
            + " "
            + designated
            + " "
            + self.tr(
                "The data can be exported until %1; then the practice data is deleted for good."
            ).replace("%1", format_deadline(dates.content_last_day, self.tz))
        )
        if dates.escrow_last_day is not None:
            lines.append(
                self.tr("Escrowed data is kept until %1.").replace(
                    "%1", format_deadline(dates.escrow_last_day, self.tz)
                )
            )
        reason = self.reason.reason()
        lines.append(
            self.tr("Reason: %1.").replace(
                "%1", reason.label if reason is not None else self.tr("not given")
            )
        )
        return "\n\n".join(lines)

    def use_confirm_buttons(self, on: bool) -> None:
        """On the confirmation page the destructive button replaces Next, and the safe ones
        (Go back, Cancel) come first."""
        if on:
            self.setButtonLayout(
                [
                    QWizard.WizardButton.Stretch,
                    QWizard.WizardButton.BackButton,
                    QWizard.WizardButton.CancelButton,
                    QWizard.WizardButton.CustomButton1,
                ]
            )
        else:
            self.setButtonLayout(
                [
                    QWizard.WizardButton.Stretch,
                    QWizard.WizardButton.BackButton,
                    QWizard.WizardButton.NextButton,
                    QWizard.WizardButton.CancelButton,
                    QWizard.WizardButton.FinishButton,
                ]
            )
        self.setOption(QWizard.WizardOption.HaveCustomButton1, on)
        # The wizard leaves a custom button where it was, even out of the layout.
        self.close_button.setVisible(on)
        self.update_close_button()

    def _page_shown(self, page_id: int) -> None:
        on_confirm = page_id == int(PageId.CONFIRM)
        self.use_confirm_buttons(on_confirm)
        if on_confirm:
            self.focus_safe_button()
        elif page_id == int(PageId.DONE):
            # Enter shows the countdown, whatever the page holds (the receipt's buttons).
            self.button(QWizard.WizardButton.FinishButton).setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_safe_button(self) -> None:
        back = self.button(QWizard.WizardButton.BackButton)
        back.setFocus(Qt.FocusReason.OtherFocusReason)

    def update_close_button(self) -> None:
        ready = (
            self.currentId() == int(PageId.CONFIRM)
            and self.confirm.ready()
            and not self.sending
            and not self.signing_in
            and self.closing_sender is not None
        )
        self.close_button.setEnabled(ready)

    def closing_request(self) -> ClosingRequest:
        reason = self.reason.reason()
        return ClosingRequest(
            confirm_firm_name=self.confirm.firm_name.text().strip(),
            reason_code=reason.code if reason is not None else None,
            comment=self.reason.comment_text(),
            designated_user_id=self.access.designated_user_id(),
            when=self.when_page.chosen(),
        )

    def send_closing(self) -> None:
        if self.sending or self.closing_sender is None or not self.confirm.ready():
            return  # a second click while the first is on its way does nothing
        self.sending = True
        self.update_close_button()
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.confirm.show_status(self.tr("Closing the account… waiting for the server."))
        sender = self.closing_sender
        request = self.closing_request()
        user_id = self.session.identity.user_id if self.session.identity else None

        def op(token: CancelToken, report: ProgressCallback) -> ClosingResult:
            return sender.send(request, user_id=user_id)

        def failure(error: BaseException) -> None:
            # Not an expected refusal (those come back as results): the outcome is unknown
            # and the key stays on disk for the next attempt.
            log.warning("closing failed unexpectedly: %r", error)
            self._finished_sending(
                ClosingResult(
                    ClosingOutcome.UNKNOWN,
                    message=error_text(error),
                    code=getattr(error, "code", ""),
                    params=getattr(error, "params", {}),
                )
            )

        run_in_background(self, op, self._finished_sending, failure, name="close-account")

    def _finished_sending(self, result: ClosingResult) -> None:
        self.sending = False
        self.outcome = result
        self.button(QWizard.WizardButton.BackButton).setEnabled(True)
        outcome = result.outcome
        if outcome is ClosingOutcome.SCHEDULED and result.retention is not None:
            self.scheduled.emit(result.retention)
            self.confirm.completeChanged.emit()
            self.next()
            return
        if outcome is ClosingOutcome.CLOSED and result.retention is not None:
            known = known_closing_from(result.retention)
            if known is not None:
                self.set_known(known)
                self.confirm.completeChanged.emit()
                self.next()
                return
        if outcome is ClosingOutcome.REAUTH_REQUIRED:
            self._run_fresh_sign_in()
        elif outcome is ClosingOutcome.ASSISTED_REQUIRED:
            self.assisted = True
            self.confirm.show_status(
                self.tr("The service closes this account with you. Next shows how."),
                NoticeKind.WARNING,
            )
            self.confirm.completeChanged.emit()
            self.next()
        elif outcome is ClosingOutcome.NOT_PRIMARY_SUBSCRIBER:
            self.confirm.show_status(self.not_primary_text(), NoticeKind.ERROR)
            self.confirm.support.set_contact(self.support_contact())
            self.confirm.support.show()
        elif outcome is ClosingOutcome.REJECTED:
            self.confirm.show_status(
                self.tr("The service did not close the account: %1").replace(
                    "%1", coded_text(result.code, result.message, result.params)
                ),
                NoticeKind.ERROR,
            )
        elif outcome is ClosingOutcome.NOT_CLOSED:
            self.confirm.show_status(
                self.tr(
                    "The account was NOT closed: the request did not reach the service. Press"
                    " “Close the account” to try again; it is never closed twice."
                ),
                NoticeKind.WARNING,
            )
        else:
            self.confirm.show_status(
                self.tr(
                    "Account Desk does not know yet whether the account was closed (%1). It has"
                    " not been told so by the service. Try again when the connection is back:"
                    " the account is never closed twice."
                ).replace("%1", coded_text(result.code, result.message, result.params).rstrip(".")),
                NoticeKind.ERROR,
            )
        self.update_close_button()

    def _run_fresh_sign_in(self) -> None:
        self.signing_in = True
        self.update_close_button()
        self.confirm.show_status(
            self.tr(
                "For your safety the service asks you to sign in again before closing. Your"
                " browser opens; everything you entered here is kept."
            ),
            NoticeKind.WARNING,
        )
        sign_in = self._fresh_sign_in

        def op(token: CancelToken, report: ProgressCallback) -> None:
            sign_in()

        def success(_none: None) -> None:
            self.signing_in = False
            self.confirm.show_status(
                self.tr("You signed in again. Press “Close the account” to close the account.")
            )
            self.update_close_button()
            self.focus_safe_button()

        def failure(error: BaseException) -> None:
            self.signing_in = False
            message = error_text(error)
            self.confirm.show_status(
                self.tr("The sign-in did not complete (%1). The account was not closed.").replace(
                    "%1", message.rstrip(".")
                ),
                NoticeKind.ERROR,
            )
            self.update_close_button()

        run_in_background(self, op, success, failure, name="fresh-sign-in")

    def set_known(self, known: KnownClosing) -> None:
        self.known = known
        if known.server is not None:
            self.save_receipt(known.server)
        self.closed.emit(known)

    def save_receipt(self, confirmation: Retention) -> None:
        """The closing receipt (JSON and PDF) beside the last export, shown on the last page."""
        self.reread_last_export()
        reasons: tuple[CancellationReason, ...] = self.facts.get(Fact.REASONS) or ()
        receipt = receipt_for(confirmation, self.firm, reasons, self.last_export)
        if receipt is not None:
            self.done_page.receipt.save(receipt, receipt_folder(self.last_export), self.tz)

    # -- recovery of an attempt whose answer was lost

    def _recover_pending(self) -> None:
        sender = self.closing_sender
        if sender is None or self.store.pending() is None:
            return

        def op(token: CancelToken, report: ProgressCallback) -> ClosingResult | None:
            return sender.recover()

        def success(result: ClosingResult | None) -> None:
            if result is None or result.scheduled:
                return  # nothing pending any more (a scheduled closing shows on the pages)
            if result.closed and result.retention is not None:
                known = known_closing_from(result.retention)
                if known is not None:
                    self.outcome = result
                    self.set_known(known)
                    self.setStartId(int(PageId.DONE))
                    self.restart()
                    return
            self.meaning.refused.set_text(
                self.tr(
                    "An earlier attempt to close did not reach the service: the account is still"
                    " open. If you close now, that attempt is completed, never repeated."
                )
                if result.outcome is ClosingOutcome.NOT_CLOSED
                else self.tr(
                    "An earlier attempt to close may or may not have reached the service."
                    " Account Desk will ask again before closing."
                )
            )
            self.meaning.refused.show()

        run_in_background(self, op, success, lambda _e: None, name="closing-recovery")

    # -- keyboard and closing the window

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            self.currentId() == int(PageId.CONFIRM)
        ):
            # Enter never closes the account: the destructive button must be pressed itself.
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                focused.click()
            event.accept()
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        # Finish is only on the last page ("Show the countdown"): the window behind shows the
        # Data availability page once this one is gone.
        known = self.known is not None and self.currentId() == int(PageId.DONE)
        super().accept()
        if known:
            self.countdown_requested.emit()

    def reject(self) -> None:
        if self.sending:
            # The request is on its way: leaving now would hide its outcome.
            self.confirm.show_status(
                self.tr("Please wait for the service's answer before leaving."),
                NoticeKind.WARNING,
            )
            return
        super().reject()


__all__ = ["ClosingSession", "ClosingWizard", "Fact", "PageId"]
