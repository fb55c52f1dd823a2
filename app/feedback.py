"""The on-disk queue of help-article feedback ("Was this article helpful?").

Feedback is written to disk before it is sent, so an answer given while the service cannot be
reached is sent later, after a restart too. Each item gets its idempotency key when it is
queued and keeps it for every retry, so the service counts it once however often it is resent
(a lost answer, two app windows flushing at once). An item leaves the queue only after a 2xx,
or when the service refuses it for good (a 4xx that retrying cannot fix), which is logged.

    queue = FeedbackQueue()                       # <state dir>/feedback-queue/
    result = queue.submit(client, origin, False, FeedbackChoice.CONFUSING_OR_WRONG)
    ...
    queue.flush(client, origin)                   # later: on sign-in, on showing the help page
"""

from __future__ import annotations

import enum
import logging
import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from app import config
from app.account.models import FeedbackChoice, FeedbackReceipt
from app.account.selfservice import HELP_ARTICLE, MAX_COMMENT_CHARS, new_idempotency_key
from app.errors import (
    AccountDeskError,
    AuthenticationRequired,
    HttpError,
    RateLimited,
    ServerError,
)
from app.jsonstore import read_object, write_object

log = logging.getLogger(__name__)

QUEUE_FOLDER = "feedback-queue"
FILE_VERSION = 1
# An item that keeps failing in ways that are neither a refusal nor a network fault (the
# service's answer cannot be read) is given up after this many tries rather than kept forever.
MAX_ATTEMPTS = 50


class FeedbackSender(Protocol):
    """What sending needs (app.account.selfservice.SelfServiceClient fits)."""

    def send_feedback(
        self,
        helpful: bool,
        choice: FeedbackChoice | None = None,
        comment: str | None = None,
        *,
        article: str = HELP_ARTICLE,
        idempotency_key: str | None = None,
    ) -> FeedbackReceipt: ...


class SendOutcome(enum.Enum):
    SENT = "sent"  # the service confirmed it (2xx); no longer queued
    QUEUED = "queued"  # not sent yet (service unreachable or busy); kept and retried later
    REFUSED = "refused"  # the service refused it for good; dropped (logged)


@dataclass(frozen=True)
class QueuedFeedback:
    """One answer waiting to be sent. `destination` is the server origin it is meant for."""

    idempotency_key: str
    destination: str
    article: str
    helpful: bool
    choice: FeedbackChoice | None
    comment: str | None
    queued_at: datetime
    attempts: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FILE_VERSION,
            "idempotency_key": self.idempotency_key,
            "destination": self.destination,
            "article": self.article,
            "helpful": self.helpful,
            "choice": None if self.choice is None else self.choice.value,
            "comment": self.comment,
            "queued_at": self.queued_at.isoformat(),
            "attempts": self.attempts,
        }

    @classmethod
    def from_json(cls, raw: Any) -> QueuedFeedback:
        """Read a queue file back; raises ValueError (or KeyError/TypeError) when damaged."""
        if not isinstance(raw, dict):
            raise ValueError("not an object")
        choice = raw.get("choice")
        comment = raw.get("comment")
        queued_at = datetime.fromisoformat(str(raw["queued_at"]))
        if queued_at.tzinfo is None:
            raise ValueError("queued_at has no time zone")
        helpful = raw["helpful"]
        if not isinstance(helpful, bool):
            raise ValueError("helpful is not true or false")
        return cls(
            idempotency_key=_text(raw["idempotency_key"]),
            destination=_text(raw["destination"]),
            article=_text(raw["article"]),
            helpful=helpful,
            choice=None if choice is None else FeedbackChoice(choice),
            comment=None if comment is None else _text(comment),
            queued_at=queued_at,
            attempts=int(raw.get("attempts", 0)),
        )


def _text(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("expected text")
    return value


@dataclass(frozen=True)
class SendResult:
    outcome: SendOutcome
    # Why it was not sent (QUEUED) or was refused (REFUSED); None when SENT.
    error: AccountDeskError | None = field(default=None, compare=False)


@dataclass(frozen=True)
class FlushResult:
    sent: int = 0
    refused: int = 0
    remaining: int = 0
    # The error that stopped this flush early (the service cannot be reached), if any.
    stopped_by: AccountDeskError | None = field(default=None, compare=False)


def _set_aside(path: Path) -> None:
    """A damaged file cannot be sent as the person wrote it; keep it aside for a look rather
    than delete it or retry it forever."""
    try:
        path.replace(path.with_suffix(".damaged"))
    except OSError:
        pass


def is_permanent_refusal(error: BaseException) -> bool:
    """A refusal that sending the same item again cannot change: a 4xx other than 401 (sign in
    again and it may pass), 408 and 429 (wait and it may pass)."""
    if not isinstance(error, HttpError):
        return False
    if isinstance(error, AuthenticationRequired | RateLimited | ServerError):
        return False
    return 400 <= error.status < 500 and error.status != 408


class FeedbackQueue:
    """Feedback items as one small JSON file each, named by idempotency key, written atomically.

    Thread-safe within the process; two processes flushing the same folder at once may both
    send an item, which the idempotency key makes harmless.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or (config.paths().state_dir / QUEUE_FOLDER)
        self._lock = threading.Lock()

    # -- the queue ------------------------------------------------------------------------------

    def enqueue(
        self,
        destination: str,
        helpful: bool,
        choice: FeedbackChoice | None = None,
        comment: str | None = None,
        *,
        article: str = HELP_ARTICLE,
    ) -> QueuedFeedback:
        """Write one answer to disk (with its idempotency key) and return it."""
        comment = comment if comment is not None and comment.strip() else None
        if comment is not None and len(comment) > MAX_COMMENT_CHARS:
            raise ValueError(f"the comment is longer than {MAX_COMMENT_CHARS} characters")
        item = QueuedFeedback(
            idempotency_key=new_idempotency_key(),
            destination=destination,
            article=article,
            helpful=helpful,
            choice=choice,
            comment=comment,
            queued_at=datetime.now(UTC),
        )
        with self._lock:
            self._write(item)
        log.info("feedback on %s queued for %s", article, destination)
        return item

    def pending(self, destination: str | None = None) -> list[QueuedFeedback]:
        """Items still waiting, oldest first (only those for `destination` when given)."""
        with self._lock:
            return [
                item
                for item in self._read_all()
                if destination is None or item.destination == destination
            ]

    def _path(self, key: str) -> Path:
        # Keys are uuid4 strings made here; anything else never becomes a file name.
        return self.directory / f"{key}.json"

    def _write(self, item: QueuedFeedback) -> None:
        write_object(self._path(item.idempotency_key), item.to_json())

    def _remove(self, item: QueuedFeedback) -> None:
        self._path(item.idempotency_key).unlink(missing_ok=True)

    def _read_all(self) -> list[QueuedFeedback]:
        if not self.directory.is_dir():
            return []
        items: list[QueuedFeedback] = []
        for path in sorted(self.directory.glob("*.json")):
            raw = read_object(path, "feedback queue file")
            if raw is None:
                if path.exists():  # else sent by another thread or process meanwhile
                    _set_aside(path)
                continue
            try:
                item = QueuedFeedback.from_json(raw)
            except (ValueError, KeyError, TypeError) as exc:
                log.warning("feedback queue file %s is unreadable (%s)", path.name, exc)
                _set_aside(path)
                continue
            if path.stem != item.idempotency_key:
                log.warning("feedback queue file %s does not match its key; skipped", path.name)
                continue
            items.append(item)
        items.sort(key=lambda i: i.queued_at)
        return items

    # -- sending --------------------------------------------------------------------------------

    def send_one(self, sender: FeedbackSender, item: QueuedFeedback) -> SendResult:
        """Try to send one queued item once. A 2xx removes it (SENT); network faults, busy
        answers and an expired sign-in leave it queued (QUEUED, with the error); a permanent
        refusal drops it with a log line (REFUSED, with the error)."""
        try:
            receipt = sender.send_feedback(
                item.helpful,
                item.choice,
                item.comment,
                article=item.article,
                idempotency_key=item.idempotency_key,
            )
        except AccountDeskError as error:
            return self._after_failure(item, error)
        with self._lock:
            self._remove(item)
        log.info("feedback %s sent (receipt %s)", item.idempotency_key[:8], receipt.id[:40])
        return SendResult(SendOutcome.SENT)

    def _after_failure(self, item: QueuedFeedback, error: AccountDeskError) -> SendResult:
        reason = error.detail or type(error).__name__
        if is_permanent_refusal(error):
            log.warning(
                "feedback %s refused by the service for good (%s); dropped",
                item.idempotency_key[:8],
                reason,
            )
            with self._lock:
                self._remove(item)
            return SendResult(SendOutcome.REFUSED, error)
        attempts = item.attempts + 1
        if attempts >= MAX_ATTEMPTS and not error.retryable:
            log.warning(
                "feedback %s failed %d times (%s); dropped",
                item.idempotency_key[:8],
                attempts,
                reason,
            )
            with self._lock:
                self._remove(item)
            return SendResult(SendOutcome.REFUSED, error)
        log.info("feedback %s not sent yet (%s); kept for later", item.idempotency_key[:8], reason)
        with self._lock:
            # Only if still queued: another thread may have sent it meanwhile.
            if self._path(item.idempotency_key).exists():
                self._write(replace(item, attempts=attempts))
        return SendResult(SendOutcome.QUEUED, error)

    def submit(
        self,
        sender: FeedbackSender,
        destination: str,
        helpful: bool,
        choice: FeedbackChoice | None = None,
        comment: str | None = None,
        *,
        article: str = HELP_ARTICLE,
    ) -> SendResult:
        """Queue one answer, then try to send it at once (see `send_one`)."""
        item = self.enqueue(destination, helpful, choice, comment, article=article)
        return self.send_one(sender, item)

    def flush(self, sender: FeedbackSender, destination: str) -> FlushResult:
        """Send every item queued for `destination`, oldest first. Stops at the first item left
        queued: the service cannot take anything just now (unreachable, busy, signed out)."""
        sent = refused = 0
        stopped_by: AccountDeskError | None = None
        for item in self.pending(destination):
            result = self.send_one(sender, item)
            if result.outcome is SendOutcome.SENT:
                sent += 1
            elif result.outcome is SendOutcome.REFUSED:
                refused += 1
            else:
                stopped_by = result.error
                break
        return FlushResult(sent, refused, len(self.pending(destination)), stopped_by)
