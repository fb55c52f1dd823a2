"""Turns names that come from the server (untrusted) into safe, unique relative paths.

Every name is made legal on Windows, macOS and Linux alike: no traversal, no absolute paths,
drive letters or UNC prefixes, no reserved device names, no trailing dots or spaces, no control
or bidi-override characters, no component over 255 bytes, and relative paths kept short enough
for Windows. Names that would clash in a case-insensitive or normalisation-insensitive file
system get a stable suffix built from the item's source id, so a resumed export maps the same
item to the same path. `inside_root` is the last guard before any byte is written.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.export.safefiles import UnsafePathError, make_dir

__all__ = ["UnsafePathError"]  # where the export's path checks have always raised it from

#: Bytes per path component on common file systems (ext4, APFS, NTFS counts UTF-16 units; a
#: UTF-8 byte budget is the stricter of the two).
MAX_COMPONENT_BYTES = 255
#: Windows' classic MAX_PATH is 260 including the root; keep what we add well below it.
DEFAULT_MAX_PATH_CHARS = 240
#: A leaf shorter than this is not worth keeping in a deep tree: the item goes to the overflow
#: folder instead.
MIN_LEAF_CHARS = 24
#: Extensions longer than this are treated as part of the name when shortening.
MAX_EXTENSION_CHARS = 16
OVERFLOW_DIR = "_deep"

_WINDOWS_ILLEGAL = set('<>:"/\\|?*')
# Bidi overrides and isolates can disguise an extension ("gpj.exe" shown as "exe.jpg").
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|(COM|LPT)[0-9¹²³])$", re.IGNORECASE)


# What `safe_component` replaces: control characters (Unicode's "Cc": C0, DEL and C1), bidi
# controls and the characters Windows does not allow in names.
_REPLACED = re.compile(
    "[\x00-\x1f\x7f-\x9f"
    + "".join(sorted(_BIDI_CONTROLS))
    + re.escape("".join(sorted(_WINDOWS_ILLEGAL)))
    + "]"
)


def _split_extension(name: str) -> tuple[str, str]:
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > MAX_EXTENSION_CHARS or not ext.strip():
        return name, ""
    return stem, "." + ext


def _truncate_utf8(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def _fit(name: str, max_chars: int, max_bytes: int = MAX_COMPONENT_BYTES) -> str:
    """Shorten ``name`` to the limits, keeping its extension when there is room for it."""
    if len(name) <= max_chars and len(name.encode("utf-8")) <= max_bytes:
        return name
    stem, ext = _split_extension(name)
    if len(ext) * 2 > max_chars:
        stem, ext = name, ""
    stem = stem[: max(1, max_chars - len(ext))]
    stem = _truncate_utf8(stem, max(1, max_bytes - len(ext.encode("utf-8"))))
    return (stem.rstrip(". ") or "_") + ext


def safe_component(raw: object, *, fallback: str = "unnamed") -> str:
    """One path component, legal everywhere. Never empty, never ``.`` or ``..``."""
    name = unicodedata.normalize("NFC", raw if isinstance(raw, str) else str(raw or ""))
    name = _REPLACED.sub("_", name)
    # Windows drops trailing dots and spaces silently (two names would become one); leading
    # spaces are legal but invisible to people.
    name = name.strip(" ").rstrip(". ")
    if not name or set(name) <= {"."}:
        name = fallback
    if name.startswith("."):
        # A leading dot hides the file on macOS and Linux: the person would miss it.
        name = "_" + name.lstrip(".")
    stem = name.split(".", 1)[0].rstrip(" ")
    if _RESERVED.match(stem):
        name = "_" + name
    return _fit(name, MAX_COMPONENT_BYTES)


def fold(name: str) -> str:
    """The identity of a name on case- and normalisation-insensitive file systems."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


def _with_suffix(name: str, suffix: str, max_chars: int) -> str:
    stem, ext = _split_extension(name)
    room = max_chars - len(suffix) - len(ext)
    room_bytes = MAX_COMPONENT_BYTES - len((suffix + ext).encode("utf-8"))
    stem = _truncate_utf8(stem[: max(1, room)], max(1, room_bytes)).rstrip(". ") or "_"
    return f"{stem}{suffix}{ext}"


@dataclass
class _Directory:
    taken: dict[str, str]  # folded name -> key of the item holding it


class PathAllocator:
    """Hands out unique, safe relative paths keyed by the source item (e.g. ``document:42``).

    Deterministic: the same items offered in the same order get the same paths, and `restore`
    re-seeds assignments from an earlier run so a resume keeps them whatever the order.
    """

    def __init__(self, max_path_chars: int = DEFAULT_MAX_PATH_CHARS) -> None:
        self.max_path_chars = max_path_chars
        self._dirs: dict[PurePosixPath, _Directory] = {}
        self._by_key: dict[str, PurePosixPath] = {}

    def assignments(self) -> dict[str, PurePosixPath]:
        """Every item's path so far (to save in the journal)."""
        return dict(self._by_key)

    def path_of(self, key: str) -> PurePosixPath | None:
        return self._by_key.get(key)

    def restore(self, key: str, path: PurePosixPath) -> None:
        """Record an assignment made earlier (read back from the journal)."""
        _check_relative(path)
        self._claim(path.parent, fold(path.name), key)
        self._by_key[key] = path

    def reserve(self, path: PurePosixPath) -> None:
        """Keep a name free of items (e.g. the overflow folder itself)."""
        self._claim(path.parent, fold(path.name), f"reserved:{path}")

    def assign(self, parent: PurePosixPath, raw_name: object, key: str) -> PurePosixPath:
        """A unique, safe path for item ``key`` named ``raw_name`` inside ``parent``."""
        known = self._by_key.get(key)
        if known is not None:
            return known
        _check_relative(parent)
        room = self.max_path_chars - len(str(parent)) - 1
        if room < MIN_LEAF_CHARS and parent.parts:
            # Too deep for Windows: keep the item, give up on the depth.
            parent = PurePosixPath(parent.parts[0], OVERFLOW_DIR)
            room = self.max_path_chars - len(str(parent)) - 1
        if len(parent.parts) == 1 and parent not in self._dirs:
            self.reserve(parent / OVERFLOW_DIR)
        name = _fit(safe_component(raw_name), max(MIN_LEAF_CHARS, room))
        directory = self._dirs.setdefault(parent, _Directory({}))
        holder = directory.taken.get(fold(name))
        if holder is not None and holder != key:
            ident = key.rsplit(":", 1)[-1]
            tag = re.sub(r"[^0-9A-Za-z_-]", "_", ident)[:24] or "x"
            attempt = 0
            while True:
                suffix = f"~{tag}" if attempt == 0 else f"~{tag}-{attempt}"
                candidate = _with_suffix(name, suffix, max(MIN_LEAF_CHARS, room))
                if fold(candidate) not in directory.taken:
                    name = candidate
                    break
                attempt += 1
        path = parent / name
        self._claim(parent, fold(name), key)
        self._by_key[key] = path
        return path

    def _claim(self, parent: PurePosixPath, folded: str, key: str) -> None:
        self._dirs.setdefault(parent, _Directory({})).taken.setdefault(folded, key)


def _check_relative(path: PurePosixPath) -> None:
    if path.is_absolute() or any(part in ("..", "") for part in path.parts):
        raise UnsafePathError(f"not a safe relative path: {path}")


def safe_relative(raw_path: str) -> list[str]:
    """Split an untrusted path (``/`` or ``\\``) into safe components, dropping traversal,
    drive letters, UNC prefixes and empty parts."""
    parts = re.split(r"[/\\]+", raw_path)
    cleaned: list[str] = []
    for index, part in enumerate(parts):
        if part in ("", ".", ".."):
            continue
        if index == 0 and re.fullmatch(r"[A-Za-z]:", part):
            continue  # drive letter
        cleaned.append(safe_component(part))
    return cleaned


def make_dirs_below(root: Path, directory: Path) -> None:
    """Create ``directory`` and its parents up to, but never including, ``root``: when the
    export folder itself vanished (a removed folder, an unplugged drive) this raises
    FileNotFoundError instead of quietly creating a new, empty export elsewhere. A link or a
    junction where one of the folders goes is refused (`UnsafePathError`), a file standing
    there raises NotADirectoryError (see `safefiles.make_dir`)."""
    current = root
    for part in directory.relative_to(root).parts:
        current = current / part
        try:
            make_dir(current)
        except FileNotFoundError:
            if not root.is_dir():
                break
            raise
    if not root.is_dir():
        raise FileNotFoundError(2, "the export folder is gone", str(root))


#: What `inside_root` remembers of folders it resolved (keyed by the relative folder's text
#: as it was asked for; the export root itself under ``None``).
ResolvedFolders = dict[str | None, Path]


def inside_root(
    root: Path, relative: PurePosixPath | str, folders: ResolvedFolders | None = None
) -> Path:
    """The absolute path of ``relative`` under ``root``; raises if it would escape the root
    (also through a symbolic link already present on disk).

    ``folders`` (a dict kept for one run over one root) remembers folders already resolved,
    so the files of one folder cost one `lstat` each rather than one per component of the
    whole path (resolving was seconds of CPU for a few thousand documents). Only folders that
    exist are remembered; the leaf is always checked on disk."""
    text = relative if isinstance(relative, str) else relative.as_posix()
    parent_text, _, name = text.rpartition("/")
    if folders is not None and not text.startswith("/"):
        parent = folders.get(parent_text)
        if parent is not None and name not in ("", ".", "..") and not _ODD_NAME.search(name):
            # A plain name in a folder already resolved inside the root: only the file itself
            # can lead elsewhere, as a link (then it is resolved and checked below).
            joined = os.path.join(parent, name)
            if not os.path.islink(joined):
                return Path(joined)
    rel = PurePosixPath(relative)
    _check_relative(rel)
    if any(":" in part or "\\" in part for part in rel.parts):
        raise UnsafePathError(f"not a safe relative path: {rel}")
    if folders is None:
        base = root.resolve()
        target = (base / Path(*rel.parts)).resolve()
        _check_below(base, target, rel)
        _check_no_link(base, target.parent, rel)
        return target
    base = folders.get(None) or folders.setdefault(None, root.resolve())
    parent_rel = rel.parent
    key = "" if not parent_rel.parts else parent_rel.as_posix()
    parent = folders.get(key)
    if parent is None:
        parent = (base / Path(*parent_rel.parts)).resolve()
        _check_below(base, parent, rel)
        _check_no_link(base, parent, rel)
        if parent.is_dir():
            folders[key] = parent
    target = parent / rel.name
    if target.is_symlink():
        target = target.resolve()
    _check_below(base, target, rel)
    return target


#: Characters that make a name more than a plain name here (a drive, a Windows separator, a
#: byte no file name holds).
_ODD_NAME = re.compile(r"[:\\\x00]")


def _check_no_link(base: Path, parent: Path, rel: PurePosixPath) -> None:
    """Refuse a link (or junction) standing where one of ``rel``'s folders goes, even one that
    leads back into the export folder: the folders of an export are its own."""
    lexical = base.joinpath(*rel.parent.parts)
    if os.path.normcase(str(parent)) != os.path.normcase(str(lexical)):
        raise UnsafePathError(f"a link stands where the folder {rel.parent} goes")


def _check_below(base: Path, target: Path, rel: PurePosixPath) -> None:
    # Both are absolute and resolved: comparing their text (case-folded where the system
    # folds case) says what comparing their parents did, at a fraction of the cost.
    inner = os.path.normcase(str(target))
    outer = os.path.normcase(str(base))
    if inner != outer and not inner.startswith(outer.rstrip(os.sep) + os.sep):
        raise UnsafePathError(f"{rel} resolves outside the export folder")
