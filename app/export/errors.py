"""Errors of the export that are about the destination folder rather than the server."""

# Named like app.errors (NotFound, Gone, ...): what happened, not "...Error".
# ruff: noqa: N818

from __future__ import annotations

from app.errors import AccountDeskError


class DiskFull(AccountDeskError):
    """The destination ran out of space. The folder stays resumable."""

    default_message = (
        "The export folder's disk is full. Free some space (or choose a larger disk), then run "
        "the export again on the same folder: it continues where it stopped."
    )


class DestinationUnavailable(AccountDeskError):
    """The export folder vanished or cannot be written (unplugged drive, removed folder)."""

    default_message = (
        "The export folder cannot be written any more (was the drive removed?). Reconnect it "
        "and run the export again on the same folder to continue."
    )


class NotAnExportFolder(AccountDeskError):
    """A folder that holds other files and no export journal: exporting into it could mix
    the firm's data with unrelated files."""

    default_message = "This folder already holds other files. Choose an empty folder."
