"""The Account and Payment Info screen: the firm's plan and billing facts, what closing today
would cost, the online payments and trust money closing affects, and Close Account at the top
right (active for the Primary Subscriber only; everyone else is told who that is and given the
support line).

Factory, as the main window registers it::

    AccountPage(source, cache, parent=None)

- `source` (`AccountSource`): the signed-in session. Read: `selfservice` (an
  app.account.selfservice.SelfServiceClient, or None when the server has no self-service API),
  `identity` (app.signin.oauth.Identity or None; `user_id` decides who is the Primary Subscriber),
  `http` (only `get_json`, for the data API's who_am_i when there is no self-service API),
  `server` (anything with `origin`, for the service's own settings page) and `firm_name`.
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
import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Protocol

from PySide6.QtCore import QMetaMethod, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.account.billing import ClosingCost, if_you_close_at, if_you_close_now
from app.account.models import (
    Account,
    AccountStatus,
    BillingCycle,
    PaymentsSummary,
    SupportContact,
    TrustSummary,
    account_to_json,
    payments_to_json,
    support_to_json,
    trust_to_json,
)
from app.closing.retention import has_passed, retention_dates
from app.closing.store import ClosingStore
from app.errors import AccountDeskError
from ui.closing.countdown_page import local_zone
from ui.common.background import Job, run_in_background
from ui.common.change_of_mind import change_of_mind_panel
from ui.common.error_text import error_text
from ui.common.formats import format_count, format_date, format_instant, format_money
from ui.common.support_panel import SupportPanel
from ui.common.widgets import NoticeBanner, NoticeKind, PageHeader

log = logging.getLogger(__name__)

CACHE_VERSION = 1
WHO_AM_I = "/api/v4/users/who_am_i.json"
SETTINGS_PATH = "/settings"


# --- what the page needs ---------------------------------------------------------------------


class Identified(Protocol):
    @property
    def user_id(self) -> int | None: ...

    @property
    def name(self) -> str | None: ...

    @property
    def key(self) -> str: ...


class SelfServiceReader(Protocol):
    """The parts of app.account.selfservice.SelfServiceClient this screen reads."""

    def account(self) -> Account: ...

    def payments_summary(self) -> PaymentsSummary: ...

    def trust_summary(self) -> TrustSummary: ...

    def support(self) -> SupportContact: ...


class JsonGetter(Protocol):
    def get_json(self, url: str, params: Mapping[str, Any] | None = None) -> Any: ...


class HasOrigin(Protocol):
    @property
    def origin(self) -> str: ...


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

    def save(self, key: str, data: Any) -> None: ...


class PageState(enum.Enum):
    LOADING = "loading"  # nothing to show yet
    LIVE = "live"  # the server's answer from this visit
    SAVED = "saved"  # the saved copy (offline, or while the refresh runs)
    FAILED = "failed"  # nothing saved and the server could not be reached
    GUIDE = "guide"  # no self-service API: the service's own settings page is the place


@dataclass(frozen=True)
class AccountSnapshot:
    """Everything the screen shows, as fetched at `fetched_at` (or saved then)."""

    account: Account
    payments: PaymentsSummary | None
    trust: TrustSummary | None
    support: SupportContact | None
    fetched_at: datetime
    # A section's own failure (payments, trust, support): the rest still shows.
    problems: Mapping[str, str]


def fetch_snapshot(client: SelfServiceReader) -> AccountSnapshot:
    """The four answers the screen shows (on a worker thread). The account must come; the
    others may fail on their own and are then shown as not loaded."""
    account = client.account()
    problems: dict[str, str] = {}

    def optional(name: str, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except AccountDeskError as error:
            log.info("account page: %s not loaded (%s)", name, error.detail or error.message)
            problems[name] = error_text(error)
            return None

    return AccountSnapshot(
        account=account,
        payments=optional("payments", client.payments_summary),
        trust=optional("trust", client.trust_summary),
        support=optional("support", client.support),
        fetched_at=datetime.now(UTC),
        problems=problems,
    )


# --- the saved copy: the contract's own JSON shapes, parsed back through app.account.models ---


def snapshot_to_json(s: AccountSnapshot) -> dict[str, Any]:
    return {
        "version": CACHE_VERSION,
        "fetched_at": s.fetched_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "account": account_to_json(s.account),
        "payments": None if s.payments is None else payments_to_json(s.payments),
        "trust": None if s.trust is None else trust_to_json(s.trust),
        "support": None if s.support is None else support_to_json(s.support),
        "problems": dict(s.problems),
    }


def snapshot_from_json(data: Any, fetched_at: Any = None) -> AccountSnapshot:
    """Read a saved copy back through the same checks as a server answer (the file on disk is
    as untrusted as the network). Raises on anything unusable."""
    if not isinstance(data, Mapping) or data.get("version") != CACHE_VERSION:
        raise ValueError("not a saved account page of this version")
    # The time the server answered (kept in the data) rather than when the copy was written.
    when = _as_instant(data.get("fetched_at")) or _as_instant(fetched_at)
    if when is None:
        raise ValueError("the saved copy has no time")

    def part(key: str, parse: Callable[[Any], Any]) -> Any:
        value = data.get(key)
        return None if value is None else parse(value)

    problems = data.get("problems") or {}
    return AccountSnapshot(
        account=Account.from_json(data["account"]),
        payments=part("payments", PaymentsSummary.from_json),
        trust=part("trust", TrustSummary.from_json),
        support=part("support", SupportContact.from_json),
        fetched_at=when,
        problems={str(k): str(v) for k, v in problems.items()}
        if isinstance(problems, Mapping)
        else {},
    )


def _as_instant(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
    return None


def cache_key(origin: str, user_key: str) -> str:
    """One saved copy per server and user; a name safe for any file system."""
    digest = hashlib.sha256(f"{origin}\n{user_key}".encode()).hexdigest()[:16]
    return f"account-page-{digest}"


# --- formatting --------------------------------------------------------------------------------


def _value_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class _Section(QGroupBox):
    """A titled block of plain sentences or label/value rows, rebuilt on each update."""

    def __init__(self, title: str, object_name: str) -> None:
        super().__init__(title)
        self.setObjectName(object_name)
        self.setAccessibleName(title)
        self._layout = QVBoxLayout(self)
        self._body: QWidget | None = None

    def clear(self) -> QVBoxLayout:
        if self._body is not None:
            # Hidden at once: deleteLater only runs on the next turn of the event loop.
            self._body.hide()
            self._layout.removeWidget(self._body)
            self._body.deleteLater()
        self._body = QWidget()
        inner = QVBoxLayout(self._body)
        inner.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self._body)
        return inner

    def sentences(self, lines: list[str]) -> list[QLabel]:
        inner = self.clear()
        labels = []
        for line in lines:
            label = _value_label(line)
            inner.addWidget(label)
            labels.append(label)
        return labels

    def text(self) -> str:
        """All text shown in the section (for tests and the accessible description)."""
        if self._body is None:
            return ""
        return "\n".join(label.text() for label in self._body.findChildren(QLabel) if label.text())


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

        self.subscription = _Section(self.tr("Subscription"), "subscriptionSection")
        self.subscription_form = QFormLayout()
        self.closing = _Section(self.tr("If you close today"), "closingSection")
        self.payments = _Section(self.tr("Online payments"), "paymentsSection")
        self.trust = _Section(self.tr("Trust accounts"), "trustSection")

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 8, 0)
        for section in (self.subscription, self.closing, self.payments, self.trust):
            content_layout.addWidget(section)
        content_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(content)

        self.guide = self._build_guide()
        self.body = QStackedWidget()
        self.body.addWidget(self.scroll)
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
            as_of = _as_instant(getattr(self.source, "last_refresh", None))
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
        self.body.setCurrentWidget(self.scroll)
        self._update_as_of()
        if state is PageState.LIVE:
            self._set_notice("", NoticeKind.WARNING)
        account = snapshot.account
        self._show_close_action(account, snapshot.support, snapshot.problems.get("support"))
        self.change_of_mind.show_account(account, self.is_primary)
        self._show_subscription(account)
        self._show_closing(account, state)
        self._show_payments(
            snapshot.payments,
            snapshot.problems.get("payments"),
            closed=account.status is AccountStatus.CLOSED,
        )
        self._show_trust(snapshot.trust, snapshot.problems.get("trust"))
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
        # Wide enough for the sentence on one or two lines, never a narrow column of words.
        metrics = self.close_reason.fontMetrics()
        self.close_reason.setMinimumWidth(
            min(metrics.horizontalAdvance(reason) + 8, self.close_reason.maximumWidth())
        )
        self.close_reason.setText(reason)
        self.close_reason.setVisible(bool(reason))
        self.close_button.setAccessibleDescription(reason)
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

    def _show_subscription(self, a: Account) -> None:
        money = self._money_in(a.plan.currency)
        plan = a.plan
        inner = self.subscription.clear()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        inner.addLayout(form)

        def row(label: str, value: str, name: str) -> None:
            value_label = _value_label(value)
            value_label.setObjectName(name)
            value_label.setAccessibleName(f"{label} {value}")
            form.addRow(label, value_label)

        row(self.tr("Firm"), a.firm.name, "firmValue")
        row(self.tr("Plan"), plan.name, "planValue")
        row(self.tr("Users"), format_count(plan.seats), "usersValue")
        if plan.billing_cycle is BillingCycle.YEARLY:
            price = self.tr("%1 per user per month, billed yearly (%2 less the yearly discount)")
            price = price.replace("%1", money(plan.rate_per_user_per_month)).replace(
                "%2", money(plan.price_per_user_per_month)
            )
            cycle = self.tr("Yearly, on day %1 of the anniversary month").replace(
                "%1", str(a.billing_day)
            )
        else:
            price = self.tr("%1 per user per month").replace(
                "%1", money(plan.price_per_user_per_month)
            )
            cycle = self.tr("Monthly, on day %1 of each month").replace("%1", str(a.billing_day))
        row(self.tr("Price per user"), price, "priceValue")
        row(self.tr("Billing cycle"), cycle, "cycleValue")
        if plan.billing_cycle is BillingCycle.YEARLY and plan.yearly_discount_per_user_per_month:
            discount = plan.yearly_discount_per_user_per_month
            row(
                self.tr("Yearly discount"),
                self.tr("%1 per user per month against monthly billing: %2 a year for %3")
                .replace("%1", money(discount))
                .replace("%2", money(discount * plan.seats * 12))
                .replace("%3", self._users(plan.seats)),
                "discountValue",
            )
        row(
            self.tr("Current period"),
            self.tr("%1 to %2")
            .replace("%1", format_date(a.current_period.start))
            .replace("%2", format_date(a.current_period.end)),
            "periodValue",
        )
        row(
            self.tr("Last charge"),
            self._charge_text(a.last_charge, money, self.tr("None on record")),
            "lastChargeValue",
        )
        row(
            self.tr("Next charge"),
            self._charge_text(a.next_charge, money, self.tr("None scheduled")),
            "nextChargeValue",
        )
        row(
            self.tr("Online payments"),
            self.tr("On") if a.payments_enabled else self.tr("Off"),
            "paymentsValue",
        )
        row(self.tr("Data escrow"), self._escrow_text(a), "escrowValue")
        primary = a.primary_subscriber
        if primary is None:
            primary_text = self.tr("None on record")
        elif self.is_primary:
            primary_text = self.tr("%1 (you)").replace("%1", primary.name)
        else:
            primary_text = (
                self.tr("%1 (%2)").replace("%1", primary.name).replace("%2", primary.email)
            )
        row(self.tr("Primary Subscriber"), primary_text, "primaryValue")
        if a.status is AccountStatus.CLOSED and a.closed_at is not None:
            row(
                self.tr("Status"),
                self.tr("Closed on %1").replace("%1", format_instant(a.closed_at)),
                "statusValue",
            )

    def _charge_text(self, charge: Any, money: Callable[[Decimal], str], none: str) -> str:
        if charge is None:
            return none
        return (
            self.tr("%1 on %2")
            .replace("%1", money(charge.amount))
            .replace("%2", format_date(charge.date))
        )

    def _show_closing(self, account: Account, state: PageState) -> None:
        if account.status is AccountStatus.CLOSED:
            self.closing.setTitle(self.tr("Billing after closing"))
            self.closing.sentences(
                [
                    self.tr(
                        "The account is closed. Nothing more is charged, and nothing is refunded."
                    )
                ]
            )
            return
        self.closing.setTitle(
            self.tr("If you close today")
            if self.is_primary
            else self.tr("If the account is closed today")
        )
        # The saved copy's server time is old: count from this computer's clock instead.
        cost = (
            if_you_close_now(account)
            if state is PageState.LIVE
            else if_you_close_at(account, datetime.now(UTC))
        )
        self.closing.sentences(self.closing_sentences(cost, account))

    def closing_sentences(self, cost: ClosingCost, account: Account) -> list[str]:
        """The "If you close today" facts in plain words."""
        money = self._money_in(cost.currency)
        period = (
            self.tr("%1 to %2")
            .replace("%1", format_date(cost.period.start))
            .replace("%2", format_date(cost.period.end))
        )
        yearly = cost.billing_cycle is BillingCycle.YEARLY
        lines: list[str] = []
        if cost.paid_is_estimate:
            lines.append(
                (
                    self.tr("Your plan charges %1 for the year %2.")
                    if yearly
                    else self.tr("Your plan charges %1 for the period %2.")
                )
                .replace("%1", money(cost.paid_for_period))
                .replace("%2", period)
            )
        else:
            paid_on = account.last_charge.date if account.last_charge is not None else None
            lines.append(
                (
                    self.tr("The firm paid %1 on %3 for the year %2.")
                    if yearly
                    else self.tr("The firm paid %1 on %3 for the period %2.")
                )
                .replace("%1", money(cost.paid_for_period))
                .replace("%2", period)
                .replace("%3", format_date(paid_on) if paid_on else "")
            )
        today = format_date(cost.closing_date)
        if cost.unused_days <= 0:
            lines.append(
                self.tr("Closing today (%1) uses the period to its last day.").replace("%1", today)
            )
        elif yearly and cost.unused_months is not None:
            lines.append(
                self.tr(
                    "If the account is closed today (%1), %2 of the year are unused (%3 whole"
                    " months),"
                    " worth about %4. No part of the year is refunded."
                )
                .replace("%1", today)
                .replace("%2", self._days(cost.unused_days))
                .replace("%3", format_count(cost.unused_months))
                .replace("%4", money(cost.unused_value))
            )
        else:
            lines.append(
                self.tr(
                    "If the account is closed today (%1), %2 of that period are unused, worth"
                    " about %3."
                    " None of it is refunded."
                )
                .replace("%1", today)
                .replace("%2", self._days(cost.unused_days))
                .replace("%3", money(cost.unused_value))
            )
        lines.append(
            self.tr("Nothing more will be charged: the %1 due on %2 will not be taken.")
            .replace("%1", money(cost.cancelled_charge.amount))
            .replace("%2", format_date(cost.cancelled_charge.date))
        )
        if yearly and cost.yearly_discount_for_period:
            lines.append(
                self.tr(
                    "Your yearly plan carried a discount of %1 for the year; it stays as it was."
                ).replace("%1", money(cost.yearly_discount_for_period))
            )
        if not cost.period_agrees_with_server:
            lines.append(
                self.tr(
                    "Note: the service states the current period as %1 to %2, which is not what"
                    " Account Desk works out from the billing day. Ask support which is right."
                )
                .replace("%1", format_date(cost.server_period.start))
                .replace("%2", format_date(cost.server_period.end))
            )
        return lines

    def _escrow_text(self, a: Account) -> str:
        """Escrow as it stands: before closing the promise, after it the date, once over that
        it ended (on the service's clock)."""
        if not a.escrow_enabled:
            return self.tr("Off")
        if a.status is not AccountStatus.CLOSED or a.closed_at is None:
            return self.tr("On: escrowed data stays available for six months after closing")
        dates = retention_dates(a.closed_at, True)
        assert dates.escrow_ends_at is not None and dates.escrow_last_day is not None
        if has_passed(dates.escrow_ends_at, a.server_time):
            return self.tr("Ended on %1: escrowed data is no longer kept").replace(
                "%1", format_date(dates.escrow_last_day)
            )
        return self.tr("Kept until the end of %1 (UTC)").replace(
            "%1", format_date(dates.escrow_last_day)
        )

    def _show_payments(
        self, p: PaymentsSummary | None, problem: str | None, closed: bool = False
    ) -> None:
        if p is None:
            self.payments.sentences(
                [self.tr("Online payments could not be loaded. %1").replace("%1", problem or "")]
            )
            return
        money = self._money_in(p.currency)
        lines: list[str] = []
        if not p.enabled and not p.anything_affected:
            lines.append(
                self.tr(
                    "Online payments ended with the closing: payment links, payment plans and"
                    " the card processor are off."
                )
                if closed
                else self.tr("Online payments are off for this firm. Closing changes nothing here.")
            )
            self.payments.sentences(lines)
            return
        if p.pending_authorizations:
            lines.append(
                self.tr(
                    "%1 pending, %2 in all. Closing voids them and the money is not collected:"
                    " wait until they settle before you close."
                )
                .replace(
                    "%1",
                    self.tr("%Ln card authorisation(s)", "", p.pending_authorizations),
                )
                .replace("%2", money(p.pending_authorizations_total))
            )
        else:
            lines.append(self.tr("No card authorisations are pending."))
        if p.active_payment_links:
            lines.append(
                self.tr(
                    "%1. Closing disables them: clients who open one can no longer pay."
                ).replace(
                    "%1",
                    self.tr("%Ln active payment link(s)", "", p.active_payment_links),
                )
            )
        else:
            lines.append(self.tr("No payment links are active."))
        if p.active_payment_plans:
            lines.append(
                self.tr("%1. Closing stops them: no further instalments are collected.").replace(
                    "%1",
                    self.tr("%Ln active payment plan(s)", "", p.active_payment_plans),
                )
            )
        else:
            lines.append(self.tr("No payment plans are active."))
        if p.card_processor_connected:
            lines.append(
                self.tr("Card processor: %1 is connected. Closing disconnects it.").replace(
                    "%1", p.card_processor_name or self.tr("a processor")
                )
            )
        else:
            lines.append(self.tr("No card processor is connected."))
        self.payments.sentences(lines)

    def _show_trust(self, t: TrustSummary | None, problem: str | None) -> None:
        if t is None:
            self.trust.sentences(
                [self.tr("Trust accounts could not be loaded. %1").replace("%1", problem or "")]
            )
            return
        money = self._money_in(t.currency)
        inner = self.trust.clear()
        if t.accounts:
            form = QFormLayout()
            for account in t.accounts:
                value = _value_label(money(account.balance))
                value.setAccessibleName(f"{account.name} {money(account.balance)}")
                form.addRow(account.name, value)
            if len(t.accounts) > 1:
                total = _value_label(money(t.total_balance))
                form.addRow(self.tr("Total"), total)
            inner.addLayout(form)
        lines: list[str] = []
        if not t.accounts:
            lines.append(self.tr("The firm has no trust accounts."))
        lines.append(
            self.tr("%Ln client(s) with money in trust.", "", t.clients_with_balance)
            if t.clients_with_balance
            else self.tr("No client has money in trust.")
        )
        if not t.total_matches_accounts:
            lines.append(
                self.tr(
                    "The total the service states (%1) is not the sum of the accounts. Check"
                    " the balances with your bank before you close."
                ).replace("%1", money(t.total_balance))
            )
        lines.append(
            self.tr(
                "Closing does not move any money: it stays in the firm's trust bank accounts."
                " But the trust records (ledger and transactions) go with the account, so"
                " export them and keep them: bar rules commonly require five years. The data"
                " export includes them."
            )
        )
        for line in lines:
            inner.addWidget(_value_label(line))

    # -- without a self-service API -------------------------------------------------------------

    def _build_guide(self) -> QWidget:
        guide = QWidget()
        guide.setObjectName("accountGuide")
        self.guide_user = _value_label()
        self.guide_user.setObjectName("guideUser")
        self.guide_firm = _value_label()
        self.guide_firm.setObjectName("guideFirm")
        self.guide_text = _value_label(
            self.tr(
                "This server does not share billing facts with Account Desk. The plan, the"
                " charges and who the Primary Subscriber is are on the service's own settings"
                " page, under Account and Payment Info. Only the Primary Subscriber can close"
                " the account; the service checks this on that page."
            )
        )
        self.settings_button = QPushButton(self.tr("Open the service's settings page"))
        self.settings_button.setObjectName("openSettingsButton")
        self.settings_button.setAccessibleName(self.tr("Open the service's settings page"))
        self.settings_button.clicked.connect(self.open_service_settings)
        layout = QVBoxLayout(guide)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.addRow(self.tr("Signed in as"), self.guide_user)
        form.addRow(self.tr("Firm"), self.guide_firm)
        layout.addLayout(form)
        layout.addWidget(self.guide_text)
        row = QHBoxLayout()
        row.addWidget(self.settings_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        return guide

    @property
    def settings_url(self) -> str:
        return self.source.server.origin.rstrip("/") + SETTINGS_PATH

    def open_service_settings(self) -> bool:
        return QDesktopServices.openUrl(QUrl(self.settings_url))

    def _start_guide(self) -> None:
        self.state = PageState.GUIDE
        self.body.setCurrentWidget(self.guide)
        self.support_panel.hide()
        # In this mode the walkthrough guides to the service's page, where the service checks
        # who may close; the button stays available.
        self.close_button.setEnabled(True)
        self.close_reason.hide()
        self.as_of_label.setText(self.tr("Billing facts are on the service's settings page"))
        identity = self.source.identity
        self.guide_user.setText(
            (identity.name if identity is not None and identity.name else "") or self.tr("Loading…")
        )
        self.guide_firm.setText(self.source.firm_name or self.tr("Not known"))
        http = self.source.http
        self.refresh_button.setEnabled(False)
        self._job = run_in_background(
            self,
            lambda _token, _report: http.get_json(WHO_AM_I, {"fields": "id,name,email"}),
            on_success=self._who_am_i,
            on_failure=self._who_am_i_failed,
            name="account page who_am_i",
        )

    def _who_am_i(self, answer: Any) -> None:
        self.refresh_button.setEnabled(True)
        data = answer.get("data") if isinstance(answer, Mapping) else None
        name = data.get("name") if isinstance(data, Mapping) else None
        email = data.get("email") if isinstance(data, Mapping) else None
        if isinstance(name, str) and name.strip():
            text = name[:200]
            if isinstance(email, str) and email.strip():
                text = self.tr("%1 (%2)").replace("%1", text).replace("%2", email[:320])
            self.guide_user.setText(text)
        self._set_notice("", NoticeKind.WARNING)
        self.updated.emit()

    def _who_am_i_failed(self, error: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        message = error_text(error)
        if self.guide_user.text() == self.tr("Loading…"):
            self.guide_user.setText(self.tr("Not known"))
        self._set_notice(
            self.tr("Account Desk could not ask the server who you are. %1").replace("%1", message),
            NoticeKind.WARNING,
        )
        self.updated.emit()

    # -- actions and helpers --------------------------------------------------------------------

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

    def _money_in(self, currency: str) -> Callable[[Decimal], str]:
        return lambda amount: format_money(amount, currency)

    def _days(self, n: int) -> str:
        return self.tr("%Ln day(s)", "", n)

    def _users(self, n: int) -> str:
        return self.tr("%Ln user(s)", "", n)
