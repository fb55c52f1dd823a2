"""`index.html`: the export's offline file room. Every kind of record is browsable (a list that
draws only the rows in sight, so 100,000 records of a kind open and scroll at once), a page per
matter gathers its client file (client and related contacts, documents, notes, time and
expense entries, bills, trust line items, communications, calendar entries, tasks and any
other record that names the matter), a search covers matters, contacts and document names, and
a summary gives the firm, when it was exported, the count of every kind and whether the export
verified. The page's own words are in the app's language (English or Canadian French).

The page is one file with its data embedded, so it opens from any folder, drive or mail
attachment with no network and no server: a `file://` page cannot fetch() other files, and one
file is verified as one entry of the manifest. Each kind's rows (see `indexrows`) are a JSON
block in `<script type="application/json">` with every `<`, `>` and `&` escaped, parsed only
when the kind is first shown. The script only ever sets `textContent` and attributes, its links
are "#/" routes or checked local document paths, and the page's Content-Security-Policy allows
no script or style but its own, so no server-provided text can become markup or code.

What the page cannot hold is when the export finished and whether it verified (the page is
itself part of what is verified, and the same data makes the same page): that is
`export-status.js` beside it, rewritten with export-report.json at the end of every run and by
every verification, and read by the page when it is there.

The page's HTML, CSS, script and words are files in resources/indexpage. The data is streamed
from the rows files or the JSON Lines files, so a large export does not need memory for it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from app.export.indexrows import document_row, json_for_html, project, sealed_rows
from app.export.kinds import ALL_KINDS, KINDS_BY_KEY
from app.export.manifest import TEMPLATES_KIND
from app.export.readme import write_readmes
from app.export.records import RECORDS_DIR, read_records
from app.export.safefiles import create_text, replace_file
from app.resource_files import resource_path

#: A document's earlier versions in the export, by document id: [(version number, path)].
VersionPaths = Mapping[str, Sequence[tuple[int, str]]]

INDEX_NAME = "index.html"
STATUS_NAME = "export-status.js"
RESOURCES = resource_path("indexpage")
#: Kinds shown together in the page, under the group's name.
_GROUPS = {"matter_notes": "notes", "contact_notes": "notes"}
_KEY = re.compile(r"[a-z0-9_]{1,64}")


def page_language(language: str | None) -> str:
    """The page's language: "fr" for any French (fr, fr_CA, fr-CA.UTF-8), else "en"."""
    return "fr" if (language or "").lower().startswith("fr") else "en"


def app_language() -> str:
    """The app's language where no window says it (the command line): the saved `language`
    setting (the one ui.shell.qt_app reads), else the system's (LC_ALL, LC_MESSAGES, LANG)."""
    from app import config

    saved = config.load_settings().extra.get("language")
    if isinstance(saved, str) and saved:
        return saved
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name):
            return os.environ[name]
    return "en"


@cache
def _resource(name: str) -> str:
    return (RESOURCES / name).read_text(encoding="utf-8")


def strings(language: str) -> dict[str, str]:
    """The page's words in that language (English for any word the language lacks)."""
    words: dict[str, str] = json.loads(_resource("strings.en.json"))
    if page_language(language) != "en":
        words.update(json.loads(_resource(f"strings.{page_language(language)}.json")))
    return words


def kind_label(key: str, words: Mapping[str, str]) -> str:
    kind = KINDS_BY_KEY.get(key)
    return words.get(f"kind.{key}") or (kind.label if kind is not None else key)


def _kind_keys(root: Path) -> list[str]:
    """The kinds with a records file: in the export's order, then any other, by name."""
    folder = root / RECORDS_DIR
    found = (
        {p.stem for p in folder.glob("*.jsonl") if _KEY.fullmatch(p.stem)}
        if folder.is_dir()
        else set()
    )
    known = [kind.key for kind in ALL_KINDS if kind.key in found]
    return known + sorted(found - set(known))


def _groups(keys: list[str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for key in keys:
        groups.setdefault(_GROUPS.get(key, key), []).append(key)
    return groups


def _lines_of(rows: Path) -> Iterator[str]:
    with open(rows, encoding="utf-8", newline="\n") as handle:
        for line in handle:
            yield line.rstrip("\n")


def _kind_lines(
    root: Path,
    key: str,
    document_paths: Mapping[str, str],
    version_paths: VersionPaths,
    template_paths: Mapping[str, str],
) -> Iterator[str]:
    """A kind's rows: from its sealed rows file (made while the records were written, see
    `indexrows`), else from its records file; a template's row gets where its file is."""
    if key == TEMPLATES_KIND and template_paths:
        for line in _kind_lines(root, key, {}, {}, {}):
            row = json.loads(line)
            row[8] = template_paths.get(str(row[0]))
            yield json_for_html(row)
        return
    jsonl = root / RECORDS_DIR / f"{key}.jsonl"
    if key == "documents":
        for record in read_records(jsonl):
            if isinstance(record, Mapping):
                source = str(record.get("id"))
                path, versions = document_paths.get(source), version_paths.get(source, ())
                yield json_for_html(document_row(record, path, versions))
        return
    rows = sealed_rows(root, key, jsonl)
    if rows is not None:
        yield from _lines_of(rows)
        return
    row = project(key)
    for record in read_records(jsonl):
        if isinstance(record, Mapping):
            yield json_for_html(row(record))


def _group_lines(
    root: Path,
    counts: dict[str, int],
    document_paths: Mapping[str, str],
    version_paths: VersionPaths,
    template_paths: Mapping[str, str],
) -> Iterator[str]:
    """The rows of a group's kinds (the keys of ``counts``), one kind after the other,
    counting each kind's rows in ``counts``."""
    for key in counts:
        for line in _kind_lines(root, key, document_paths, version_paths, template_paths):
            counts[key] += 1
            yield line


def _write_block(out: TextIO, name: str, lines: Iterable[str]) -> int:
    out.write(f'<script type="application/json" id="data-{name}">[')
    count = 0
    for line in lines:
        out.write(line if count == 0 else "," + line)
        count += 1
    out.write("]</script>\n")
    return count


def _records_as_of(root: Path, keys: list[str]) -> str | None:
    """When the records were last written (UTC): the date of the data, for README.txt."""
    times = [(root / RECORDS_DIR / f"{key}.jsonl").stat().st_mtime for key in keys]
    if not times:
        return None
    return datetime.fromtimestamp(max(times), UTC).strftime("%Y-%m-%d %H:%M UTC")


def write_index(
    root: Path,
    document_paths: Mapping[str, str],
    firm_name: str | None,
    language: str = "en",
    version_paths: VersionPaths | None = None,
    template_paths: Mapping[str, str] | None = None,
) -> Path:
    """Write `index.html` (atomically) from the records files and the documents' local paths
    (their earlier versions' too: document id -> [(version number, path)]; the templates' files:
    template id -> path), with the page's words in ``language`` ("en" or "fr", see
    `page_language`)."""
    target = root / INDEX_NAME
    part = root / (INDEX_NAME + ".part")
    words = strings(language)
    title = words["title_firm"].replace("%1", firm_name) if firm_name else words["title_default"]
    head, tail = _resource("page.html").split("%DATA%")
    head = head.replace("%STYLE%", _resource("page.css"))
    keys = _kind_keys(root)
    blocks: list[dict[str, Any]] = []
    with create_text(part) as out:
        out.write(_fill(head, words, title, language))
        for name, members in _groups(keys).items():
            counts = dict.fromkeys(members, 0)
            lines = _group_lines(
                root, counts, document_paths, version_paths or {}, template_paths or {}
            )
            _write_block(out, name, lines)
            kinds = [{"key": k, "label": kind_label(k, words), "count": counts[k]} for k in members]
            blocks.append(
                {
                    "name": name,
                    "label": kind_label(name, words),
                    "count": sum(counts.values()),
                    "kinds": kinds,
                }
            )
        summary = {
            "firm": firm_name,
            "document_files": len(document_paths),
            "blocks": blocks,
        }
        _write_block(out, "summary", [json_for_html(summary)])
        _write_block(out, "strings", [json_for_html(words)])
        out.write(_fill(tail, words, title, language).replace("%SCRIPT%", _resource("page.js")))
        out.flush()
        os.fsync(out.fileno())
    replace_file(part, target)
    return target


def _fill(template: str, words: Mapping[str, str], title: str, language: str) -> str:
    html_lang = "fr-CA" if page_language(language) == "fr" else "en"
    # The page's words first: a firm named "{{intro}}" stays that name.
    filled = re.sub(r"\{\{(\w+)\}\}", lambda m: html_text(words.get(m[1], m[1])), template)
    return filled.replace("%LANG%", html_lang).replace("%TITLE%", html_text(title))


def html_text(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def write_pages(
    root: Path,
    document_paths: Mapping[str, str],
    firm_name: str | None,
    language: str = "en",
    version_paths: VersionPaths | None = None,
    template_paths: Mapping[str, str] | None = None,
) -> list[str]:
    """Write the export's pages for people: index.html, README.txt (and LISEZMOI.txt in
    French); the names written, for the manifest."""
    write_index(root, document_paths, firm_name, language, version_paths, template_paths)
    english, french = strings("en"), strings("fr")
    keys = _kind_keys(root)
    kinds = [(key, kind_label(key, english), kind_label(key, french)) for key in keys]
    as_of = _records_as_of(root, keys)
    return [INDEX_NAME, *write_readmes(root, firm_name, kinds, as_of, language)]


def write_status(root: Path, status: Mapping[str, Any]) -> None:
    """`export-status.js`: whether the export verified and when, for index.html. The values are
    JSON (a JavaScript literal that runs nothing) with `<`, `>` and `&` escaped."""
    target = root / STATUS_NAME
    part = root / (STATUS_NAME + ".part")
    with create_text(part) as out:
        out.write(f"window.accountDeskExportStatus = {json_for_html(dict(status))};\n")
        out.flush()
        os.fsync(out.fileno())
    replace_file(part, target)
