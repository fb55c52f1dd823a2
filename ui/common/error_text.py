"""What a person reads for an error from app/, in their language.

app/ raises errors with an English sentence (kept for the command line and the logs) and a
stable `code` naming it, with the values of its {name} placeholders in `params`. Here each
code has its English template, marked for translation; the interface shows the translation
with the values filled in. A sentence without a code (the service's own words, a technical
detail) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from app.errors import AccountDeskError
from ui.common.translation_marks import QT_TRANSLATE_NOOP

# code -> the English sentence, exactly as app/ writes it (a test keeps the two equal).
TEXTS: dict[str, str] = {
    # The closing's outcomes (app.closing.store.ClosingResult.code).
    "closing_needs_sign_in": QT_TRANSLATE_NOOP(
        "Errors", "Sign in again to confirm it is you, then close the account."
    ),
    "closing_outcome_unknown": QT_TRANSLATE_NOOP(
        "Errors",
        "Account Desk could not find out whether the account was closed. Nothing will be "
        "closed twice: try again when the connection is back.",
    ),
    "closing_not_received": QT_TRANSLATE_NOOP(
        "Errors",
        "The account was not closed: the server did not receive the request. You can try "
        "again; it will never be closed twice.",
    ),
    "error": QT_TRANSLATE_NOOP("Errors", "Something went wrong."),
    "cancelled": QT_TRANSLATE_NOOP("Errors", "The operation was cancelled."),
    "sign_in_failed": QT_TRANSLATE_NOOP("Errors", "Sign-in did not complete. Please try again."),
    "insecure_url": QT_TRANSLATE_NOOP(
        "Errors",
        "Account Desk only talks to servers over a secure (https) connection. Check the "
        "server address.",
    ),
    "connection_failed": QT_TRANSLATE_NOOP(
        "Errors",
        "Account Desk could not reach the server. Check your internet connection and try again.",
    ),
    "offline": QT_TRANSLATE_NOOP(
        "Errors",
        "This computer seems to be offline. Check your internet connection.",
    ),
    "timed_out": QT_TRANSLATE_NOOP(
        "Errors",
        "The server took too long to answer. Try again in a moment.",
    ),
    "bad_response": QT_TRANSLATE_NOOP(
        "Errors",
        "The server sent an answer Account Desk cannot read. Try again later; if it keeps "
        "happening, contact support.",
    ),
    "http_error": QT_TRANSLATE_NOOP("Errors", "The server refused the request."),
    "authentication_required": QT_TRANSLATE_NOOP(
        "Errors",
        "Your sign-in has expired. Please sign in again.",
    ),
    "permission_denied": QT_TRANSLATE_NOOP("Errors", "Your account is not allowed to do this."),
    "not_found": QT_TRANSLATE_NOOP(
        "Errors",
        "The server could not find what Account Desk asked for.",
    ),
    "gone": QT_TRANSLATE_NOOP("Errors", "This data is no longer available on the server."),
    "conflict": QT_TRANSLATE_NOOP(
        "Errors",
        "The request clashes with the account's current state.",
    ),
    "invalid_request": QT_TRANSLATE_NOOP("Errors", "The server did not accept the request."),
    "rate_limited": QT_TRANSLATE_NOOP(
        "Errors",
        "The server is busy with too many requests. Try again in a minute.",
    ),
    "server_error": QT_TRANSLATE_NOOP(
        "Errors",
        "The server had a problem. Try again in a few minutes.",
    ),
    "disk_full": QT_TRANSLATE_NOOP(
        "Errors",
        "The export folder's disk is full. Free some space (or choose a larger disk), then "
        "run the export again on the same folder: it continues where it stopped.",
    ),
    "disk_trouble": QT_TRANSLATE_NOOP(
        "Errors",
        "The export folder's disk could not write (a disk I/O error): it may be full or "
        "failing. Free some space (or choose another disk), then run the export again on "
        "the same folder: it continues where it stopped.",
    ),
    "destination_unavailable": QT_TRANSLATE_NOOP(
        "Errors",
        "The export folder cannot be written any more (was the drive removed?). Reconnect "
        "it and run the export again on the same folder to continue.",
    ),
    "folder_not_writable": QT_TRANSLATE_NOOP(
        "Errors",
        "The export folder cannot be written to: it is read-only, or you are not allowed to"
        " change it. Choose a folder you can write to (or allow writing to this one), then "
        "run the export again.",
    ),
    "path_blocked": QT_TRANSLATE_NOOP(
        "Errors",
        "A file stands where the export needs a folder. Move it out of the export folder "
        "(or choose a new, empty folder), then run the export again.",
    ),
    "unsafe_destination": QT_TRANSLATE_NOOP(
        "Errors",
        "The export folder holds a link where the export writes; links are never followed. "
        "Remove it (or choose a new, empty folder), then run the export again.",
    ),
    "not_an_export_folder": QT_TRANSLATE_NOOP(
        "Errors",
        "This folder already holds other files. Choose an empty folder.",
    ),
    "export_process_failed": QT_TRANSLATE_NOOP(
        "Errors",
        "The export stopped unexpectedly. Everything exported so far is kept: start the "
        "export again on the same folder and it continues where it stopped.",
    ),
    "invalid_address": QT_TRANSLATE_NOOP("Errors", "This is not a valid server address."),
    "download_broke_off": QT_TRANSLATE_NOOP(
        "Errors",
        "The connection broke off during the download.",
    ),
    "answer_broke_off": QT_TRANSLATE_NOOP(
        "Errors",
        "The connection broke off while the server was answering.",
    ),
    "export_cancelled": QT_TRANSLATE_NOOP(
        "Errors",
        "The export was cancelled. Run it again on the same folder to resume.",
    ),
    "sign_in_cancelled": QT_TRANSLATE_NOOP("Errors", "Sign-in was cancelled."),
    "sign_in_refused": QT_TRANSLATE_NOOP(
        "Errors",
        "Sign-in was cancelled or this user may not sign in.",
    ),
    "demo_sign_in_failed": QT_TRANSLATE_NOOP(
        "Errors",
        "The demo service did not sign in the demo user.",
    ),
    "folder_not_writable_at": QT_TRANSLATE_NOOP(
        "Errors",
        "The export cannot write to {where}: it is read-only, or you are not allowed to "
        "change it. Choose a folder you can write to (or allow writing to this one), then "
        "run the export again.",
    ),
    "path_blocked_at": QT_TRANSLATE_NOOP(
        "Errors",
        "A file stands where the export needs a folder: {where}. Move that file out of the "
        "export folder (or choose a new, empty folder), then run the export again.",
    ),
    "disk_trouble_at": QT_TRANSLATE_NOOP(
        "Errors",
        "The export folder {folder} could not be written (a disk I/O error): its disk may "
        "be full or failing. Free some space (or choose another disk), then run the export "
        "again on the same folder: it continues where it stopped.",
    ),
    "export_folder_not_writable": QT_TRANSLATE_NOOP(
        "Errors",
        "The export folder {folder} cannot be written to: it is read-only, or you are not "
        "allowed to change it. Choose a folder you can write to (or allow writing to this "
        "one), then run the export again.",
    ),
    "unsafe_destination_at": QT_TRANSLATE_NOOP(
        "Errors",
        "The export folder {folder} holds a link (or something else the export will not "
        "write through) where the export writes: {what}. The export never follows links. "
        "Remove it (or choose a new, empty folder), then run the export again.",
    ),
}


def error_text(error: BaseException | None) -> str:
    """The sentence to show for `error`, translated when its code is known."""
    if error is None:
        return ""
    if not isinstance(error, AccountDeskError):
        return str(error) or type(error).__name__
    return coded_text(error.code, error.message, error.params)


def coded_text(code: str, message: str, params: Mapping[str, str] | None = None) -> str:
    """The translation of the sentence `code` names (its {name} placeholders filled from
    `params`); `message` as it is when the code is unknown or empty."""
    source = TEXTS.get(code)
    if source is None:
        return message
    text = QCoreApplication.translate("Errors", source)
    for name, value in (params or {}).items():
        text = text.replace("{" + name + "}", value)
    return text
