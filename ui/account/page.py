"""The Account and Payment Info screen: the firm's plan and billing facts, what closing today
would cost, the online payments and trust money closing affects, and Close Account at the top
right (active for the Primary Subscriber only; everyone else is told who that is and given the
support line). Where the service has no self-service API (the real Clio Manage), the facts come
from its data API and the billing facts from what the firm enters once (ui.account.data_panel).

Factory, as the main window registers it::

    AccountPage(source, cache, parent=None)

- `source` (`AccountSource`): the signed-in session. Read: `selfservice` (an
  app.account.selfservice.SelfServiceClient, or None when the server has no self-service API),
  `identity` (app.signin.oauth.Identity or None; `user_id` decides who is the Primary Subscriber),
  `http` (`get_json` and `get_paged`, for the data API when there is no self-service API),
  `server` (`origin` and `api_base`: the service's own settings page, the data API) and
  `firm_name`.
- `cache` (`AccountCache` or None): `load(key) -> (data, fetched_at) | None` and
  `save(key, data)` with JSON-compatible data (app.state_cache.StateCache fits; the page keeps
  one entry, "account-page-<hash of server and user>"). The last answer is saved so the screen
  opens offline, marked "as of" its time. If `source` has `online` and `last_refresh`
  (app.session.Session does) and answered from its own last-known state, that is shown as the
  saved copy too.

Call `refresh()` (also the Refresh button and F5) when the connection comes back.

Signal `close_account_requested()`: the Primary Subscriber pressed Close Account (the closing
walkthrough starts from it). Every network call runs through ui.common.background.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, Protocol

from PySide6.QtCore import QMetaMethod, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.account.data_facts import DataFacts, read_data_facts
from app.account.models import Account, AccountStatus, SupportContact
from app.closing.store import ClosingStore
from app.errors import AccountDeskError
from ui.account.data_panel import DataApiPanel
from ui.account.saved_copy import (
    AccountSnapshot,
    SelfServiceReader,
    as_instant,
    cache_key,
    fetch_snapshot,
    snapshot_from_json,
    snapshot_to_json,
)
from ui.account.selfservice_view import SelfServiceView
from ui.common.background import Job, run_in_background
from ui.common.change_of_mind import change_of_mind_panel
from ui.common.error_text import error_text
from ui.common.formats import format_instant, local_zone
from ui.common.page_context import PageContext
from ui.common.support_panel import SupportPanel
from ui.common.widgets import NoticeBanner, NoticeKind, PageHeader

log = logging.getLogger(__name__)


# --- what the page needs ---------------------------------------------------------------------


class Identified(Protocol):
    @property
    def user_id(self) -> int | None: ...

    @property
    def name(self) -> str | None: ...

    @property
    def key(self) -> str: ...


class JsonGetter(Protocol):
    def get_json(self, url: str, params: Mapping[str, Any] | None = None) -> Any: ...

    def get_paged(self, url: str, params: Mapping[str, Any] | None = None) -> Iterator[Any]: ...


class HasOrigin(Protocol):
    @property
    def origin(self) -> str: ...

    @property
    def api_base(self) -> str: ...


class AccountSource(Protocol):
    @property
    def selfservice(self) -> SelfServiceReader | None: ...

    @property
    def identity(self) -> Identified | None: ...

    @property
    def http(self) -> JsonGetter: ...

    @property
    def server(self) -> HasOrigin: ...

    @property
    def firm_name(self) -> str | None: ...


class AccountCache(Protocol):
    def load(self, key: str) -> tuple[Any, Any] | None: ...

    def save(self, key: str, data: Any) -> object: ...


class PageState(enum.Enum):
    LOADING = "loading"  # nothing to show yet
    LIVE = "live"  # the server's answer from this visit
    SAVED = "saved"  # the saved copy (offline, or while the refresh runs)
    FAILED = "failed"  # nothing saved and the server could not be reached
    GUIDE = "guide"  # no self-service API: the service's own settings page is the place


# --- the page ----------------------------------------------------------------------------------


class AccountPage(QWidget):
    close_account_requested = Signal()
    # The screen shows new facts (from the server or the saved copy).
    updated = Signal()

    def __init__(
        self,
        source: AccountSource,
        cache: AccountCache | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("accountPage")
        self.source = source
        self.cache = cache
        self.state = PageState.LOADING
        self.snapshot: AccountSnapshot | None = None
        self.is_primary = False
        self._job: Job[Any] | None = None
        self._guide = source.selfservice is None

        self.close_button = QPushButton(self.tr("Close Account"))
        self.close_button.setObjectName("closeAccountButton")
        self.close_button.setAccessibleName(self.tr("Close Account"))
        self.close_button.clicked.connect(self._close_clicked)
        self.close_reason = QLabel()
        self.close_reason.setObjectName("closeAccountReason")
        self.close_reason.setWordWrap(True)
        self.close_reason.setTextFormat(Qt.TextFormat.PlainText)
        self.close_reason.setMaximumWidth(340)
        self.close_reason.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.close_reason.hide()
        self.close_button.setEnabled(False)
        close_box = QWidget()
        close_row = QHBoxLayout(close_box)
        close_row.setContentsMargins(0, 0, 0, 0)
        close_row.addWidget(self.close_reason)
        close_row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.header = PageHeader(self.tr("Account and Payment Info"), [close_box])

        self.as_of_label = QLabel(self.tr("Loading…"))
        self.as_of_label.setObjectName("asOfLabel")
        self.as_of_label.setTextFormat(Qt.TextFormat.PlainText)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.setAccessibleName(self.tr("Refresh account information"))
        self.refresh_button.setToolTip(self.tr("Ask the server again (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        self.refresh_action = QAction(self.tr("Refresh"), self)
        # F5 everywhere, plus the platform's own refresh keys (which may include F5 already:
        # a duplicate would make the shortcut ambiguous).
        keys = [QKeySequence(Qt.Key.Key_F5)]
        for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Refresh):
            if key not in keys:
                keys.append(key)
        self.refresh_action.setShortcuts(keys)
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_action.triggered.connect(self.refresh)
        self.addAction(self.refresh_action)
        status_row = QHBoxLayout()
        status_row.addWidget(self.as_of_label, 1)
        status_row.addWidget(self.refresh_button)

        self.notice = NoticeBanner("", NoticeKind.WARNING, dismissible=False)
        self.notice.setObjectName("accountNotice")
        self.notice.hide()

        self.support_panel = SupportPanel()
        self.support_panel.hide()
        self.change_of_mind = change_of_mind_panel(
            source, ClosingStore(source.server.origin), local_zone
        )
        self.change_of_mind.changed.connect(self.refresh)

        self.facts_view = SelfServiceView()
        # The sections, as tests and the translations check read them.
        self.subscription = self.facts_view.subscription
        self.closing = self.facts_view.closing
        self.payments = self.facts_view.payments
        self.trust = self.facts_view.trust
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 8, 0)
        content_layout.addWidget(self.facts_view)
        content_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(content)

        self.guide = DataApiPanel(source.server.origin, source.firm_name)
        self.guide_user = self.guide.user
        self.guide_firm = self.guide.firm
        self.guide_text = self.guide.text
        self.settings_button = self.guide.settings_button
        self.body = QStackedWidget()
        self.body.addWidget(self.scroll_area)
        self.body.addWidget(self.guide)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addLayout(status_row)
        self._notice_holder = QVBoxLayout()
        self._notice_holder.setContentsMargins(0, 0, 0, 0)
        self._notice_holder.addWidget(self.notice)
        layout.addLayout(self._notice_holder)
        layout.addWidget(self.change_of_mind)
        layout.addWidget(self.support_panel)
        layout.addWidget(self.body, 1)
        self.setTabOrder(self.close_button, self.refresh_button)

        if self._guide:
            self._start_guide()
        else:
            self._show_saved_copy()
            self.refresh()

    # -- loading ------------------------------------------------------------------------------

    @property
    def _cache_key(self) -> str:
        identity = self.source.identity
        user = identity.key if identity is not None else "anonymous"
        return cache_key(self.source.server.origin, user)

    def _show_saved_copy(self) -> None:
        if self.cache is None:
            return
        try:
            saved = self.cache.load(self._cache_key)
        except Exception:  # a cache that cannot be read must not keep the page from opening
            log.warning("account page: saved copy unreadable", exc_info=True)
            return
        if saved is None:
            return
        data, fetched_at = saved
        try:
            snapshot = snapshot_from_json(data, fetched_at)
        except (AccountDeskError, ValueError, KeyError, TypeError) as error:
            log.warning("account page: saved copy ignored (%s)", error)
            return
        self._show(snapshot, PageState.SAVED)

    def refresh(self) -> None:
        """Ask the server again (Refresh button, F5). One request at a time."""
        if self._job is not None and not self._job.finished:
            return
        if self._guide:
            self._start_guide()
            return
        client = self.source.selfservice
        assert client is not None
        self.refresh_button.setEnabled(False)
        if self.snapshot is None:
            self.as_of_label.setText(self.tr("Loading…"))
        self._job = run_in_background(
            self,
            lambda _token, _report: fetch_snapshot(client),
            on_success=self._loaded,
            on_failure=self._failed,
            on_cancelled=lambda: self.refresh_button.setEnabled(True),
            name="account page",
        )

    def _loaded(self, snapshot: AccountSnapshot) -> None:
        self.refresh_button.setEnabled(True)
        if getattr(self.source, "online", True) is False:
            # The session answered from its own last-known state (app.session does when the
            # server cannot be reached): show it as the saved copy it is, never as live.
            as_of = as_instant(getattr(self.source, "last_refresh", None))
            self._show(replace(snapshot, fetched_at=as_of or snapshot.fetched_at), PageState.SAVED)
            self._offline_notice(self.tr("Account Desk cannot reach the server."))
            return
        if self.cache is not None:
            try:
                self.cache.save(self._cache_key, snapshot_to_json(snapshot))
            except Exception:  # showing the answer matters more than saving it
                log.warning("account page: could not save a copy", exc_info=True)
        self._show(snapshot, PageState.LIVE)

    def _offline_notice(self, message: str) -> None:
        assert self.snapshot is not None
        self._set_notice(
            self.tr(
                "Showing the information saved on %1; it may be out of date. %2"
                " Press Refresh (F5) to try again."
            )
            .replace("%1", format_instant(self.snapshot.fetched_at))
            .replace("%2", message),
            NoticeKind.WARNING,
        )

    def _failed(self, error: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        message = (
            error_text(error)
            if isinstance(error, AccountDeskError)
            else self.tr("Something went wrong.")
        )
        if not isinstance(error, AccountDeskError):
            log.error("account page: loading failed", exc_info=error)
        if self.snapshot is not None:
            # Keep what is on screen; say plainly that it is the saved copy.
            self.state = PageState.SAVED
            self._update_as_of()
            self._offline_notice(message)
        else:
            self.state = PageState.FAILED
            self.as_of_label.setText(self.tr("Not loaded"))
            self._set_notice(
                self.tr(
                    "Account Desk could not load your account. %1 Press Refresh (F5) to try again."
                ).replace("%1", message),
                NoticeKind.ERROR,
            )
            self.support_panel.hide()
        self.updated.emit()

    def _set_notice(self, text: str, kind: NoticeKind) -> None:
        """One banner under the status line (empty text hides it)."""
        if self.notice.kind is not kind:
            replacement = NoticeBanner("", kind, dismissible=False)
            replacement.setObjectName("accountNotice")
            self._notice_holder.replaceWidget(self.notice, replacement)
            self.notice.deleteLater()
            self.notice = replacement
        self.notice.set_text(text)
        self.notice.setVisible(bool(text))

    def _update_as_of(self) -> None:
        if self.snapshot is None:
            return
        when = format_instant(self.snapshot.fetched_at)
        text = (
            self.tr("As of %1").replace("%1", when)
            if self.state is PageState.LIVE
            else self.tr("As of %1 (saved copy, offline)").replace("%1", when)
        )
        self.as_of_label.setText(text)
        self.as_of_label.setAccessibleName(text)

    # -- showing ------------------------------------------------------------------------------

    def _show(self, snapshot: AccountSnapshot, state: PageState) -> None:
        self.snapshot = snapshot
        self.state = state
        self.body.setCurrentWidget(self.scroll_area)
        self._update_as_of()
        if state is PageState.LIVE:
            self._set_notice("", NoticeKind.WARNING)
        account = snapshot.account
        self._show_close_action(account, snapshot.support, snapshot.problems.get("support"))
        self.change_of_mind.show_account(account, self.is_primary)
        self.facts_view.show_facts(
            account,
            snapshot.payments,
            snapshot.trust,
            dict(snapshot.problems),
            live=state is PageState.LIVE,
            is_primary=self.is_primary,
        )
        self.updated.emit()

    def _show_close_action(
        self, account: Account, support: SupportContact | None, support_problem: str | None
    ) -> None:
        identity = self.source.identity
        primary = account.primary_subscriber
        self.is_primary = (
            identity is not None
            and identity.user_id is not None
            and primary is not None
            and identity.user_id == primary.id
        )
        allowed = account.self_service_cancellation.allowed
        reason = ""
        needs_support = False
        if account.status is AccountStatus.CLOSED:
            reason = self.tr("This account is already closed.")
        elif not self.is_primary:
            needs_support = True
            reason = (
                self.tr("Only the Primary Subscriber, %1, can close this account.").replace(
                    "%1", primary.name
                )
                if primary is not None
                else self.tr("Only the Primary Subscriber can close this account.")
            )
        elif not allowed:
            needs_support = True
            reason = self.tr("This account cannot be closed in Account Desk.")
        self.close_button.setEnabled(not reason)
        self._set_close_reason(reason)
        self.close_button.setToolTip(reason or self.tr("Start the guided closing of the account"))

        if not needs_support:
            # The Primary Subscriber has the support line here too, as Help says.
            explanation = self.tr(
                "Questions about the account, its billing or closing it? Call support."
            )
            self.support_panel.title.setText(self.tr("Support"))
        elif not self.is_primary:
            explanation = self.tr(
                "If the firm needs to close its account and %1 cannot do it, call support."
            ).replace("%1", primary.name if primary is not None else self.tr("nobody"))
            self.support_panel.title.setText(self.tr("Support"))
        else:
            explanation = (
                self.tr(
                    "Your account has a contract with the service, so it is closed with"
                    " support's help. Call them: they will walk you through it."
                )
                if account.self_service_cancellation.reason == "contract_account"
                else self.tr(
                    "The service does not allow this account to be closed here. Call support:"
                    " they will close it with you."
                )
            )
            self.support_panel.title.setText(self.tr("Call support to close the account"))
        self.support_panel.set_reason(explanation)
        if support is not None:
            self.support_panel.set_contact(support)
        else:
            self.support_panel.set_unavailable(
                support_problem or self.tr("The support line could not be loaded.")
            )
        self.support_panel.show()

    # -- without a self-service API: the data API's facts ---------------------------------------

    @property
    def settings_url(self) -> str:
        return self.guide.settings_url

    def open_service_settings(self) -> bool:
        return self.guide.open_service_settings()

    def _start_guide(self) -> None:
        self.state = PageState.GUIDE
        self.body.setCurrentWidget(self.guide)
        self.support_panel.hide()
        if self.guide.facts is None:
            # Until the data API says who the account owner is, the walkthrough guides to the
            # service's page, where the service checks who may close.
            self.close_button.setEnabled(True)
            self.close_reason.hide()
        self.as_of_label.setText(self.tr("Billing facts are on the service's settings page"))
        identity = self.source.identity
        if self.guide.facts is None:
            self.guide_user.setText(
                (identity.name if identity is not None and identity.name else "")
                or self.tr("Loading…")
            )
        http = self.source.http
        api_base = self.source.server.api_base
        self.refresh_button.setEnabled(False)
        self._job = run_in_background(
            self,
            lambda _token, _report: read_data_facts(http, api_base),
            on_success=self._data_facts,
            on_failure=self._data_facts_failed,
            on_cancelled=lambda: self.refresh_button.setEnabled(True),
            name="account page data facts",
        )

    def _data_facts(self, facts: DataFacts) -> None:
        self.refresh_button.setEnabled(True)
        self.guide.show_facts(facts)
        owner = facts.owner
        reason = ""
        if not facts.can_close:
            reason = (
                self.tr("Only the Primary Subscriber, %1, can close this account.").replace(
                    "%1", owner.name
                )
                if owner is not None
                else self.tr("Only the Primary Subscriber can close this account.")
            )
        self.close_button.setEnabled(not reason)
        self._set_close_reason(reason)
        self.as_of_label.setText(
            self.tr("As of %1, from the service's data API").replace(
                "%1", format_instant(datetime.now(UTC))
            )
        )
        self._set_notice("", NoticeKind.WARNING)
        self.updated.emit()

    def _data_facts_failed(self, error: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        if not isinstance(error, AccountDeskError):
            log.error("account page: data facts failed", exc_info=error)
        message = error_text(error) if isinstance(error, AccountDeskError) else ""
        if self.guide_user.text() == self.tr("Loading…"):
            self.guide_user.setText(self.tr("Not known"))
        identity = self.source.identity
        self.guide.show_remembered(identity.user_id if identity is not None else None)
        self._set_notice(
            self.tr("Account Desk could not ask the server who you are. %1").replace("%1", message),
            NoticeKind.WARNING,
        )
        self.updated.emit()

    # -- actions and helpers --------------------------------------------------------------------

    def _set_close_reason(self, reason: str) -> None:
        # Wide enough for the sentence on one or two lines, never a narrow column of words.
        metrics = self.close_reason.fontMetrics()
        self.close_reason.setMinimumWidth(
            min(metrics.horizontalAdvance(reason) + 8, self.close_reason.maximumWidth())
        )
        self.close_reason.setText(reason)
        self.close_reason.setVisible(bool(reason))
        self.close_button.setAccessibleDescription(reason)

    def _close_clicked(self) -> None:
        if not self.close_button.isEnabled():
            return
        signal = QMetaMethod.fromSignal(self.close_account_requested)
        if not self.isSignalConnected(signal):
            # Nothing in this build starts the walkthrough: say so rather than do nothing.
            QMessageBox.information(
                self,
                self.tr("Close Account"),
                self.tr(
                    "The guided closing is not available in this version of Account Desk."
                    " Call support to close the account."
                ),
            )
            return
        self.close_account_requested.emit()


def create_page(context: PageContext) -> AccountPage:
    """The page as the main window shows it: the signed-in session and its cache."""
    return AccountPage(context.session, context.session.cache)
