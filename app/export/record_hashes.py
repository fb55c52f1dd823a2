"""A finished kind's record files, hashed on one thread while the other kinds are still
paged, so the manifest and the final check need not hash them again."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from app.export.manifest import sha256_file
from app.export.verify import RECENT_NS, Signature, signature


class KindHashes:
    """A finished kind's record files, hashed on one thread while the other kinds are still
    paged, instead of all of them after the last page. `FinishRun` takes a file's hash for the
    manifest, and the final `verify` does not hash it again, only while it is still the same
    file (its identity, `signature`, unchanged since it was hashed); any other file is hashed
    there as before."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-kind-hash")
        self._hashing: dict[str, Future[tuple[int, str, Signature] | None]] = {}
        self._lock = threading.Lock()

    def add(self, relative: str) -> None:
        with self._lock:
            self._hashing[relative] = self._pool.submit(self._hash, relative)

    def _hash(self, relative: str) -> tuple[int, str, Signature] | None:
        path = self._root / relative
        try:
            before = signature(path.stat())
            waited = time.time_ns() - before[2]
            if waited < RECENT_NS:  # a change in the same clock step would not show
                time.sleep((RECENT_NS - max(waited, 0)) / 1e9)
                before = signature(path.stat())
            size, digest = sha256_file(path)
            after = signature(path.stat())
        except OSError:
            return None  # hashed again at the end, where a problem is reported
        return (size, digest, after) if before == after and size == after[0] else None

    def take(self, relative: str) -> tuple[int, str, Signature] | None:
        """(size, SHA-256, identity) of the file when it is still the file hashed, else None."""
        with self._lock:
            hashing = self._hashing.pop(relative, None)
        found = hashing.result() if hashing is not None else None
        if found is None:
            return None
        try:
            now = signature((self._root / relative).stat())
        except OSError:
            return None
        return found if now == found[2] else None

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
