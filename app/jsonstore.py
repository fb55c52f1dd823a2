"""One JSON object in one file of the profile, read tolerantly and replaced atomically.

Every store of what the app remembers (settings, the last export, the state cache, closings,
queued feedback) keeps its document through `read_object` and `write_object`:

* a missing file, one that cannot be read, corrupt JSON, or JSON that is not an object reads
  as "nothing stored" (None), with a log line for all but the missing file; never an error,
  so a damaged file costs what it held and never the app's start;
* a write goes to a temporary file in the same folder, is flushed to disk, and then replaces
  the file in one rename: a reader (or the next start after a crash or power cut) finds the
  old document or the new one, never half of one.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def read_object(path: Path, what: str) -> dict[str, Any] | None:
    """The JSON object stored in `path`, or None when there is none to be had. `what` names
    the document in the log line (e.g. "settings file")."""
    try:
        content = path.read_text(encoding="utf-8")
        import json  # only once there is a file: a first start has none, and it costs time

        raw = json.loads(content)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:  # UnicodeDecodeError and JSONDecodeError included
        log.warning("%s %s unreadable (%s); ignoring it", what, path, type(exc).__name__)
        return None
    if not isinstance(raw, dict):
        log.warning("%s %s holds %s, not an object; ignoring it", what, path, type(raw).__name__)
        return None
    return raw


def write_object(path: Path, document: Mapping[str, Any]) -> None:
    """Replace `path` with `document` as JSON (UTF-8, keys sorted), atomically. Raises
    TypeError for a value JSON cannot hold (before the file is touched), OSError when the
    folder cannot be written."""
    import json

    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so a reader sees the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable (POSIX; directories cannot be opened on Windows)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
