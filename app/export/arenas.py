"""Keeps the export's memory in few allocator arenas (glibc's malloc, on Linux).

An export pages its kinds on many threads (each kind's own, its page fetching and fetching
ahead, the counting, the hashing, the downloads). glibc gives threads their own arenas, up to
eight per core, and memory freed in one arena (a page's body, its decoded records) stays
resident there for that arena's next allocations: with 47 kinds the export's main process
held some 20 MiB more at its peak than any Python object needed. Capped at a few arenas, the
threads reuse each other's freed memory. Elsewhere (macOS, Windows, another C library) nothing
is done: their allocators do not keep an arena per thread.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

#: `mallopt` parameter of glibc's malloc.h: the most arenas the process may have.
_M_ARENA_MAX = -8
#: The export's threads mostly wait on the network: two arenas keep lock waits rare.
ARENAS = 2

_limited = False


def limit_malloc_arenas() -> None:
    """Cap the process's malloc arenas at `ARENAS` (once; glibc only). Arenas made before
    stay, so this is called before an export starts its threads."""
    global _limited
    if _limited or not sys.platform.startswith("linux"):
        return
    _limited = True
    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018 - present in glibc alone
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    if not mallopt(_M_ARENA_MAX, ARENAS):
        log.debug("malloc arenas not limited (mallopt refused)")
