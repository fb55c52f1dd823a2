"""The Help page: the article on closing the account (resources/help/closing-your-account.md,
or its translation closing-your-account.<locale>.md for the app's language),
ending with "Was this article helpful?". On "No" it offers three reasons and an optional
comment. Feedback is queued on disk first (app.feedback) and sent to the service; what cannot
be sent now is sent later, once, with the key it was queued with.

Factory, as the main window registers it::

    HelpPage(source, queue, parent=None)

- `source` (`HelpSource`): the signed-in session. Read: `selfservice` (an
  app.account.selfservice.SelfServiceClient, or None when the server has no self-service API and so
  takes no feedback) and `server` (anything with `origin`: queued feedback is for that server).
- `queue` (`FeedbackQueueLike`, optional): app.feedback.FeedbackQueue (its `submit` and
  `flush`); by default the one in the profile's state folder.

Feedback left from an earlier run is sent when the page opens and every few minutes while it
is shown; the wiring may also call `app.feedback.FeedbackQueue.flush` after signing in.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.account.models import FeedbackChoice
from app.account.selfservice import HELP_ARTICLE, MAX_COMMENT_CHARS
from app.feedback import FeedbackQueue, FeedbackSender, FlushResult, SendOutcome, SendResult
from app.resource_files import resource_path
from ui.common.background import Job, run_in_background
from ui.common.error_text import error_text
from ui.common.page_context import PageContext
from ui.common.widgets import PageHeader

log = logging.getLogger(__name__)

HELP_DIR = resource_path("help")
ARTICLE_FILE = HELP_DIR / f"{HELP_ARTICLE}.md"  # the English original
# While the page is shown, feedback left unsent is tried again this often.
RETRY_INTERVAL_MS = 3 * 60 * 1000


class HasOrigin(Protocol):
    @property
    def origin(self) -> str: ...


class HelpSource(Protocol):
    @property
    def selfservice(self) -> FeedbackSender | None: ...

    @property
    def server(self) -> HasOrigin: ...


class FeedbackQueueLike(Protocol):
    def submit(
        self,
        sender: FeedbackSender,
        destination: str,
        helpful: bool,
        choice: FeedbackChoice | None = None,
        comment: str | None = None,
        *,
        article: str = HELP_ARTICLE,
    ) -> SendResult: ...

    def flush(self, sender: FeedbackSender, destination: str) -> FlushResult: ...


def article_file(locale: QLocale | None = None, directory: Path = HELP_DIR) -> Path:
    """The article in the app's language (`QLocale()` unless told): "<article>.fr_CA.md", else
    "<article>.fr.md", else another country's in that language ("fr_FR" reads the Canadian
    French one rather than English), else the English original."""
    name = (locale or QLocale()).name()  # e.g. "fr_CA"
    language = name.split("_")[0]
    candidates = [
        directory / f"{HELP_ARTICLE}.{name}.md",
        directory / f"{HELP_ARTICLE}.{language}.md",
    ]
    candidates += sorted(directory.glob(f"{HELP_ARTICLE}.{language}_*.md"))
    for translated in candidates:
        if language not in ("", "C", "en") and translated.is_file():
            return translated
    return directory / f"{HELP_ARTICLE}.md"


def load_article(path: Path | None = None) -> str:
    """The article's Markdown text, in the app's language when it is translated (a short
    apology if the file is missing from the install)."""
    path = path or article_file()
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.error("help article %s is missing", path)
        return "# Closing your account\n\nThe help article could not be found in this install."


class HelpPage(QWidget):
    def __init__(
        self,
        source: HelpSource,
        queue: FeedbackQueueLike | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("helpPage")
        self.source = source
        self.queue: FeedbackQueueLike = queue if queue is not None else FeedbackQueue()
        self._send_job: Job[Any] | None = None
        self._flush_job: Job[Any] | None = None

        self.header = PageHeader(self.tr("Help"))
        self.article = QTextBrowser()
        self.article.setObjectName("helpArticle")
        self.article.setOpenExternalLinks(True)
        self.article.setMarkdown(load_article())
        self.article.setAccessibleName(self.tr("Help article: Closing your account"))
        self.article.setFrameShape(QFrame.Shape.NoFrame)

        self.question = QLabel(self.tr("Was this article helpful?"))
        self.question.setObjectName("helpfulQuestion")
        font = self.question.font()
        font.setBold(True)
        self.question.setFont(font)
        self.yes_button = QPushButton(self.tr("Yes"))
        self.yes_button.setObjectName("helpfulYes")
        self.yes_button.setAccessibleName(self.tr("Yes, this article was helpful"))
        self.yes_button.clicked.connect(self._yes)
        self.no_button = QPushButton(self.tr("No"))
        self.no_button.setObjectName("helpfulNo")
        self.no_button.setAccessibleName(self.tr("No, this article was not helpful"))
        self.no_button.clicked.connect(self._no)
        question_row = QHBoxLayout()
        question_row.addWidget(self.question)
        question_row.addWidget(self.yes_button)
        question_row.addWidget(self.no_button)
        question_row.addStretch(1)

        self.details = QWidget()
        self.details.setObjectName("feedbackDetails")
        self.choices = QButtonGroup(self)
        self.choice_buttons: dict[FeedbackChoice, QRadioButton] = {}
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(QLabel(self.tr("What was wrong with it?")))
        for choice, text in (
            (FeedbackChoice.CONFUSING_OR_WRONG, self.tr("This information is confusing or wrong")),
            (
                FeedbackChoice.NOT_WHAT_I_WAS_LOOKING_FOR,
                self.tr("This isn't the information that I was looking for"),
            ),
            (FeedbackChoice.DISLIKE_FUNCTIONALITY, self.tr("I don't like this functionality")),
        ):
            button = QRadioButton(text)
            button.setObjectName(f"choice-{choice.value}")
            button.setAccessibleName(text)
            self.choices.addButton(button)
            self.choice_buttons[choice] = button
            details_layout.addWidget(button)
        self.comment_label = QLabel(self.tr("Comment (optional)"))
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("feedbackComment")
        self.comment.setAccessibleName(self.tr("Comment (optional)"))
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(self.comment.fontMetrics().lineSpacing() * 4 + 12)
        self.comment.textChanged.connect(self._comment_changed)
        self.comment_label.setBuddy(self.comment)
        self.comment_count = QLabel()
        self.comment_count.setObjectName("commentCount")
        self.send_button = QPushButton(self.tr("Send feedback"))
        self.send_button.setObjectName("sendFeedback")
        self.send_button.setAccessibleName(self.tr("Send feedback"))
        self.send_button.clicked.connect(self._send_no)
        send_row = QHBoxLayout()
        send_row.addWidget(self.comment_count, 1)
        send_row.addWidget(self.send_button)
        details_layout.addWidget(self.comment_label)
        details_layout.addWidget(self.comment)
        details_layout.addLayout(send_row)
        self.details.hide()

        self.status = QLabel()
        self.status.setObjectName("feedbackStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(self.tr("Feedback status"))
        self.status.hide()

        feedback = QFrame()
        feedback.setObjectName("feedbackBox")
        feedback.setFrameShape(QFrame.Shape.StyledPanel)
        feedback_layout = QVBoxLayout(feedback)
        feedback_layout.addLayout(question_row)
        feedback_layout.addWidget(self.details)
        feedback_layout.addWidget(self.status)
        self.feedback_box = feedback

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.article, 1)
        layout.addWidget(feedback)

        self._retry_timer = QTimer(self)
        self._retry_timer.setInterval(RETRY_INTERVAL_MS)
        self._retry_timer.timeout.connect(self.send_pending)
        self._comment_changed()

        if source.selfservice is None:
            # No self-service API on this server: nowhere to send feedback to.
            for answer_button in (self.yes_button, self.no_button):
                answer_button.setEnabled(False)
            self._set_status(
                self.tr("This server does not take feedback on help articles from Account Desk.")
            )
        else:
            self.send_pending()

    def _set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # -- answering ------------------------------------------------------------------------------

    def _yes(self) -> None:
        self.details.hide()
        self._submit(True, None, None)

    def _no(self) -> None:
        self.details.show()
        self.no_button.setDefault(True)
        self.choice_buttons[FeedbackChoice.CONFUSING_OR_WRONG].setFocus(
            Qt.FocusReason.OtherFocusReason
        )
        self._set_status("")

    def selected_choice(self) -> FeedbackChoice | None:
        for choice, button in self.choice_buttons.items():
            if button.isChecked():
                return choice
        return None

    def _send_no(self) -> None:
        comment = self.comment.toPlainText()
        if len(comment) > MAX_COMMENT_CHARS:
            self._set_status(
                self.tr("The comment is too long: at most %1 characters.").replace(
                    "%1", f"{MAX_COMMENT_CHARS:,}"
                )
            )
            return
        self._submit(False, self.selected_choice(), comment)

    def _comment_changed(self) -> None:
        length = len(self.comment.toPlainText())
        self.comment_count.setText(
            self.tr("%1 of %2 characters")
            .replace("%1", f"{length:,}")
            .replace("%2", f"{MAX_COMMENT_CHARS:,}")
        )
        self.send_button.setEnabled(length <= MAX_COMMENT_CHARS and not self._sending)

    @property
    def _sending(self) -> bool:
        return self._send_job is not None and not self._send_job.finished

    def _set_answer_enabled(self, enabled: bool) -> None:
        for widget in (self.yes_button, self.no_button, self.send_button, self.details):
            widget.setEnabled(enabled)

    def _submit(self, helpful: bool, choice: FeedbackChoice | None, comment: str | None) -> None:
        client = self.source.selfservice
        if client is None or self._sending:
            return
        destination = self.source.server.origin
        queue = self.queue
        self._set_answer_enabled(False)
        self._set_status(self.tr("Sending your feedback…"))
        self._send_job = run_in_background(
            self,
            lambda _token, _report: queue.submit(client, destination, helpful, choice, comment),
            on_success=self._submitted,
            on_failure=self._submit_failed,
            name="help feedback",
        )

    def _submitted(self, result: SendResult) -> None:
        if result.outcome is SendOutcome.SENT:
            self.details.hide()
            self._set_status(self.tr("Thank you for your feedback."))
        elif result.outcome is SendOutcome.QUEUED:
            self.details.hide()
            self._set_status(
                self.tr(
                    "Thank you. Account Desk cannot reach the service just now, so your feedback"
                    " is saved on this computer and will be sent when it can."
                )
            )
        else:
            message = error_text(result.error)
            self._set_status(
                self.tr("The service did not accept the feedback. %1").replace("%1", message)
            )
            self._set_answer_enabled(True)

    def _submit_failed(self, error: BaseException) -> None:
        # Only a failure to write the queue file lands here (sending failures are outcomes).
        log.error("feedback could not be saved", exc_info=error)
        message = error_text(error)
        self._set_status(
            self.tr("Account Desk could not save your feedback. %1").replace("%1", message)
        )
        self._set_answer_enabled(True)

    # -- sending what was left from before -----------------------------------------------------

    def send_pending(self) -> None:
        """Send feedback queued earlier for this server (in the background)."""
        client = self.source.selfservice
        if client is None or (self._flush_job is not None and not self._flush_job.finished):
            return
        destination = self.source.server.origin
        queue = self.queue
        self._flush_job = run_in_background(
            self,
            lambda _token, _report: queue.flush(client, destination),
            on_success=self._flushed,
            on_failure=lambda error: log.warning("sending queued feedback failed: %r", error),
            name="help feedback queue",
        )

    def _flushed(self, result: FlushResult) -> None:
        if result.sent or result.refused:
            log.info(
                "queued feedback: %d sent, %d refused, %d left",
                result.sent,
                result.refused,
                result.remaining,
            )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.source.selfservice is not None:
            self._retry_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        self._retry_timer.stop()
        super().hideEvent(event)


def create_page(context: PageContext) -> HelpPage:
    """The page as the main window shows it, for the signed-in session."""
    return HelpPage(context.session)
