"""The offline index.html as the firm's file room, opened in headless Chromium from `file://` as a
person would: every record of every kind is in its list (no cap), a matter's page gathers its
client file, the search finds matters, contacts and documents, the summary says what is there
and whether it verified, the page speaks the app's language, and no text from the service ever
runs as script or style."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest

from app import config
from app.export.control import ExportState
from app.export.engine import ExportEngine, ExportOptions
from app.export.indexpage import INDEX_NAME, write_index
from app.export.verify import verify
from app.net.http import HttpSession
from tests.support.backend import RunningBackend
from tests.support.chromium import Browser, chromium_or_skip

VIEW = "document.getElementById('view')"
ROOT = Path(__file__).resolve().parents[2]
VERIFIED_SHOWN = "document.querySelector('#view td.ok, #view td.bad')"


@pytest.fixture
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    page = Browser(chromium_or_skip(), tmp_path_factory.mktemp("chromium-profile"))
    yield page
    page.close()


def _write_jsonl(root: Path, key: str, records: list[dict[str, Any]]) -> None:
    folder = root / "records"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{key}.jsonl", "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _go(browser: Browser, hash_: str) -> None:
    browser.evaluate(f"location.hash = {json.dumps(hash_)}")
    browser.wait_for(f"document.documentElement.dataset.view === {json.dumps(hash_)}")


def _texts(browser: Browser, selector: str) -> list[str]:
    found = browser.evaluate(
        f"Array.from(document.querySelectorAll({json.dumps(selector)}), n => n.textContent)"
    )
    assert isinstance(found, list)
    return [str(text) for text in found]


def _scroll_to_end(browser: Browser) -> list[str]:
    browser.evaluate(
        "(() => { const v = document.querySelector('.vlist.full');"
        " v.scrollTop = v.scrollHeight; v.draw(); })()"
    )
    return _texts(browser, ".vlist.full .vrow .c1")


def _type(browser: Browser, text: str) -> None:
    browser.evaluate(
        "(() => { const i = document.querySelector('#view input');"
        f" i.value = {json.dumps(text)}; i.dispatchEvent(new Event('input')); }})()"
    )


def _search(browser: Browser, text: str) -> None:
    _type(browser, text)
    query = json.dumps(text.strip().lower())
    browser.wait_for(f"{VIEW}.querySelector('[data-query]').dataset.query === {query}")


def test_every_record_of_a_big_kind_is_listed_with_no_cap(tmp_path: Path, browser: Browser) -> None:
    matters = [
        {"id": n, "display_number": f"{n:05d}-Harbor", "client": {"id": 9000 + n, "name": f"C{n}"}}
        for n in range(1, 3001)
    ]
    contacts = [{"id": 9000 + n, "name": f"Client number {n}"} for n in range(1, 801)]
    _write_jsonl(tmp_path, "matters", matters)
    _write_jsonl(tmp_path, "contacts", contacts)
    _write_jsonl(tmp_path, "tasks", [{"id": n, "name": f"Task {n}"} for n in range(1, 1201)])
    write_index(tmp_path, {}, "Harbor")
    browser.open((tmp_path / INDEX_NAME).as_uri() + "#/kind/matters")
    assert "3,000 records" in _texts(browser, "#view p")
    assert _scroll_to_end(browser)[-1] == "03000-Harbor"
    _go(browser, "#/kind/contacts")
    assert _scroll_to_end(browser)[-1] == "Client number 800"
    _go(browser, "#/kind/tasks")  # a kind the old page did not show at all
    assert _scroll_to_end(browser)[-1] == "Task 1200"
    # the filter looks through all of them, not the first rows
    _go(browser, "#/kind/contacts")
    _type(browser, "client number 777")
    browser.wait_for("document.querySelector('#view p').textContent.startsWith('1 of')")
    assert _texts(browser, ".vlist.full .vrow .c1") == ["Client number 777"]
    assert browser.errors == [] and browser.dialogs == []


def _matter_ids(record: dict[str, Any]) -> set[Any]:
    ids = set()
    if isinstance(record.get("matter"), dict):
        ids.add(record["matter"].get("id"))
    for matter in record.get("matters") or []:
        ids.add(matter.get("id"))
    return ids


@pytest.fixture
def http(demo_backend: RunningBackend) -> Iterator[HttpSession]:
    session = HttpSession(demo_backend.url)
    session.set_token(demo_backend.issue_token())
    yield session
    session.close()


@pytest.fixture
def demo_export(http: HttpSession, tmp_path: Path) -> Path:
    out = tmp_path / "Harbor export"
    result = ExportEngine(http, out, ExportOptions(firm_name="Harbor & Finch LLP")).run()
    assert result.state is ExportState.VERIFIED, result.problems
    return out


SECTIONS = {  # what a matter's page shows, and the records files it comes from
    "Documents": ["documents"],
    "Notes": ["matter_notes", "contact_notes"],
    "Time and expense entries": ["activities"],
    "Bills": ["bills"],
    "Trust line items": ["trust_line_items"],
    "Communications": ["communications"],
    "Calendar entries": ["calendar_entries"],
    "Tasks": ["tasks"],
}


@pytest.mark.slow
def test_the_demo_export_opens_as_the_firms_file_room(demo_export: Path, browser: Browser) -> None:
    out = demo_export
    records = {p.stem: _jsonl(p) for p in (out / "records").glob("*.jsonl")}
    report = json.loads((out / "export-report.json").read_text(encoding="utf-8"))
    browser.open((out / INDEX_NAME).as_uri())
    browser.wait_for(VERIFIED_SHOWN)  # read from export-status.js once it has loaded

    # The summary: firm, the records' date, every kind with its count, verified and when.
    facts = dict(
        zip(
            _texts(browser, "#view table:first-of-type th"),
            _texts(browser, "#view table:first-of-type td"),
            strict=True,
        )
    )
    assert facts["Firm"] == "Harbor & Finch LLP"
    assert facts["Exported"] == report["finished_at"]
    assert facts["Verification"].startswith("Verified")
    assert facts["Last verified"] == report["verified_at"]
    cells = _texts(browser, "#view table:nth-of-type(2) td")
    counts = dict(zip(cells[0::2], cells[1::2], strict=True))
    for key, rows in records.items():
        label = report["kinds"][key]["label"]
        assert counts[label] == f"{len(rows):,}", key
    assert browser.evaluate("document.documentElement.lang") == "en"

    # A matter's page: its client and every related record, from every kind that names it.
    def related(matter_id: Any) -> dict[str, int]:
        return {
            title: sum(
                1 for key in keys for r in records.get(key, []) if matter_id in _matter_ids(r)
            )
            for title, keys in SECTIONS.items()
        }

    matter = max(records["matters"], key=lambda m: sum(related(m["id"]).values()))
    expected = related(matter["id"])
    assert sum(1 for n in expected.values() if n) >= 4  # the demo matter has a real file
    _go(browser, f"#/matter/{matter['id']}")
    headings = _texts(browser, "#view h3")
    for title, count in expected.items():
        assert f"{title} ({count})" in headings, (title, headings)
    client = matter["client"]
    assert "Client" in headings and client["name"] in _texts(browser, "#view ul a")
    activity = next(r for r in records["activities"] if matter["id"] in _matter_ids(r))
    assert browser.evaluate(
        f"Boolean(document.querySelector('#view a[href=\"#/record/activities/{activity['id']}\"]'))"
    )

    # Search finds matters, contacts and documents by name, offline.
    _go(browser, "#/search")
    contact = records["contacts"][-1]
    _search(browser, contact["name"].upper())
    assert contact["name"] in _texts(browser, "#view .vrow .c1")
    document = records["documents"][-1]
    _search(browser, document["name"])
    assert document["name"] in _texts(browser, "#view .vrow .c1")
    _search(browser, matter["display_number"])
    assert matter["display_number"] in _texts(browser, "#view .vrow .c1")

    # A document template's page opens its file, in document_templates/.
    template = records["document_templates"][0]
    _go(browser, f"#/record/document_templates/{template['id']}")
    assert _texts(browser, "#view a[href^='document_templates/']") == ["Open the file"]
    href = browser.evaluate(
        "document.querySelector(\"#view a[href^='document_templates/']\").getAttribute('href')"
    )
    assert isinstance(href, str) and (out / unquote(href)).is_file()
    assert unquote(href) == f"document_templates/{template['filename']}"
    assert browser.errors == [] and browser.dialogs == []


@pytest.mark.slow
def test_the_export_speaks_the_language_the_app_was_set_to(
    demo_backend: RunningBackend, tmp_path: Path, browser: Browser
) -> None:
    # The person chose French in the app; the system (and the scheduled job) is in English.
    profile, out = tmp_path / "profile", tmp_path / "export"
    config.use_profile(profile)
    config.save_settings(config.Settings(extra={"language": "fr_CA"}))
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    env.update(LANG="en_US.UTF-8", ACCOUNT_DESK_TOKEN=demo_backend.issue_token())
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "export", "--server", demo_backend.url,
         "--out", str(out), "--kinds", "matters,contacts", "--no-documents",
         "--profile", str(profile)],
        capture_output=True, text=True, timeout=300, cwd=ROOT, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    browser.open((out / INDEX_NAME).as_uri())
    browser.wait_for(VERIFIED_SHOWN)  # read from export-status.js once it has loaded
    assert browser.evaluate("document.documentElement.lang") == "fr-CA"
    assert _texts(browser, "#view h2") == ["Sommaire"]
    assert "Cabinet" in _texts(browser, "#view th")
    assert "Vérifiée" in _texts(browser, "#view td.ok")[0]
    assert "Dossiers" in _texts(browser, "nav #kinds a span")
    assert browser.evaluate("document.title") == "Données de pratique exportées"
    _go(browser, "#/kind/matters")
    matters = len(_jsonl(out / "records" / "matters.jsonl"))
    assert f"{matters} enregistrements" in _texts(browser, "#view p")
    assert browser.errors == []
    # README.txt, and its French twin, both listed in the manifest
    lisezmoi = (out / "LISEZMOI.txt").read_text(encoding="utf-8")
    assert "account-desk verify" in lisezmoi and "JSON Lines : un enregistrement" in lisezmoi
    assert re.search(r"matters\.jsonl, \.csv +Dossiers\n", lisezmoi)
    assert "LISEZMOI.txt        The same, in French." in (out / "README.txt").read_text("utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"README.txt", "LISEZMOI.txt"} <= {f["path"] for f in manifest["files"]}


HOSTILE = [
    "</script><script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    '"><svg onload=alert("svg")>',
    "<style>body{display:none}</style>",
    "javascript:alert('href')",
    "{{intro}} %TITLE% %DATA% \u2028\u2029 & &amp; <!-- x",
]


def _hostile_folder(root: Path) -> dict[str, str]:
    """An export whose every text field carries markup, script, style and link tricks."""
    evil = " ".join(HOSTILE)
    odd_id = "7\"><img src=x onerror=alert('id')>"
    _write_jsonl(root, "matters", [
        {"id": 1, "display_number": evil, "description": evil, "status": evil,
         "client": {"id": 2, "name": evil}},
        {"id": odd_id, "display_number": "odd id", "client": {"id": odd_id, "name": evil}},
    ])  # fmt: skip
    _write_jsonl(root, "contacts", [
        {"id": 2, "name": evil, "primary_email_address": evil, "primary_phone_number": evil},
        {"id": odd_id, "name": evil},
    ])  # fmt: skip
    _write_jsonl(root, "matter_notes", [
        {"id": 3, "subject": evil, "detail": evil, "date": evil, "matter": {"id": 1}},
    ])  # fmt: skip
    _write_jsonl(root, "bills", [
        {"id": 4, "number": evil, "state": evil, "total": evil, "matters": [{"id": 1}],
         "client": {"id": 2}},
    ])  # fmt: skip
    _write_jsonl(root, "documents", [
        {"id": 11, "name": evil, "matter": {"id": 1}},
        {"id": 12, "name": "outside", "matter": {"id": 1}},
        {"id": 13, "name": "fine", "matter": {"id": 1}},
    ])  # fmt: skip
    return {
        "11": "javascript:alert('doc')",
        "12": "documents/../../etc/passwd",
        "13": "documents/Matters/Letter <b> #1.pdf",
    }


NOTHING_RAN = """(() => {
  const all = Array.from(document.querySelectorAll('*'));
  return {
    handlers: all.filter(n => Array.from(n.attributes).some(a => a.name.startsWith('on'))).length,
    foreign: document.querySelectorAll(
      'img,svg,iframe,object,embed,link,base,meta[http-equiv=refresh]').length,
    styles: document.querySelectorAll('style').length + document.styleSheets.length,
    scripts: Array.from(document.scripts).filter(s => s.type !== 'application/json').map(
      s => s.src ? s.getAttribute('src') : 'inline'),
    hrefs: Array.from(document.querySelectorAll('[href]'), a => a.getAttribute('href')),
    hidden: getComputedStyle(document.body).display === 'none',
    text: document.body.innerText,
  };
})()"""


def test_no_text_from_the_service_ever_runs_as_script_or_style(
    tmp_path: Path, browser: Browser
) -> None:
    paths = _hostile_folder(tmp_path)
    firm = "<script>alert('firm')</script> {{intro}}"
    write_index(tmp_path, paths, firm)
    odd = "7\"><img src=x onerror=alert('id')>"
    views = [
        "#/summary", "#/kind/matters", "#/kind/contacts", "#/kind/notes", "#/kind/bills",
        "#/kind/documents", "#/matter/1", "#/contact/2", "#/record/notes/3", "#/record/bills/4",
        "#/record/documents/11", "#/record/documents/12", "#/record/documents/13",
        "#/matter/" + quote(odd, safe=""), "#/search",
    ]  # fmt: skip
    browser.open((tmp_path / INDEX_NAME).as_uri())
    assert browser.evaluate("document.title") == firm + " – exported data"
    seen_text = ""
    for view in views:
        _go(browser, view)
        if view == "#/search":
            _search(browser, "<img")
        found = browser.evaluate(NOTHING_RAN)
        assert found["handlers"] == 0 and found["foreign"] == 0, view
        assert found["styles"] == 2 and not found["hidden"], view  # the page's own, once
        assert sorted(found["scripts"]) == ["export-status.js", "inline"], view
        for href in found["hrefs"]:
            assert href.startswith(("#/", "records/", "documents/Matters/")), (view, href)
        seen_text += found["text"]
    # the hostile values are shown as the plain text they are
    for value in HOSTILE[:5]:
        assert value in seen_text
    assert "odd id" in seen_text  # the record with a hostile id opens
    # only the checked local path became a link (encoded), the others are "not exported"
    _go(browser, "#/record/documents/13")
    assert _texts(browser, "#view a[href^='documents/']") == ["Open the file"]
    assert browser.evaluate(
        "document.querySelector(\"#view a[href^='documents/']\").href"
    ).endswith("/documents/Matters/Letter%20%3Cb%3E%20%231.pdf")
    for document_id in (11, 12):
        _go(browser, f"#/record/documents/{document_id}")
        assert "(file not exported)" in _texts(browser, "#view p")
    assert browser.dialogs == [] and browser.errors == []


@pytest.mark.slow
def test_every_export_folder_explains_itself_in_a_readme(
    demo_export: Path, browser: Browser
) -> None:
    out = demo_export
    readme = (out / "README.txt").read_text(encoding="utf-8")
    assert readme.startswith("Harbor & Finch LLP – practice data exported by Account Desk")
    for what in ("records/", "documents/", "document_templates/", "reports/raw/", "index.html",
                 "manifest.json", "JSON Lines", "quote (')",
                 'account-desk verify "<this folder>"'):  # fmt: skip
        assert what in readme, what
    for path in (out / "records").glob("*.jsonl"):  # every kind of this export is named
        assert f"{path.stem}.jsonl, .csv " in readme
    assert not (out / "LISEZMOI.txt").exists()  # the app runs in English
    # listed in the manifest like index.html: verify notices a change
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "README.txt" in {f["path"] for f in manifest["files"]}
    assert verify(out).verified
    (out / "README.txt").write_text(readme.replace("JSON Lines", "JSON lines"), "utf-8")
    assert [p.where for p in verify(out).problems] == ["README.txt"]
    # and index.html says so (each verification rewrites export-status.js beside it)
    browser.open((out / INDEX_NAME).as_uri())
    browser.wait_for(VERIFIED_SHOWN)
    assert _texts(browser, "#view td.bad") == [
        "Not verified: 1 problem(s). export-report.json lists them."
    ]


def test_the_scroll_benchmark_runs_and_reports_sane_figures() -> None:
    """tests/bench/index_scroll.py at a tiny size (the full size is its default, 100,000)."""
    chromium_or_skip()
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests/bench/index_scroll.py"), "1500", "--rounds", "1"],
        capture_output=True, text=True, timeout=240, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    figures = json.loads(done.stdout.splitlines()[-1])
    assert figures["records"] == 1500 and figures["kind"] == "activities"
    assert len(figures["rounds"]) == 1 and figures["index_mib"] > 0.1
    for name in ("first_rows_seconds", "scroll_end_seconds", "matter_page_seconds"):
        assert 0 < figures[name] < 30, name


def test_the_wizard_exports_in_the_language_of_the_window(
    qtbot: Any, demo_backend: RunningBackend, tmp_path: Path
) -> None:
    from PySide6.QtCore import QLocale

    from app.export.child import export_command
    from ui.export.wizard import ExportWizard

    previous = QLocale()
    QLocale.setDefault(QLocale("fr_CA"))  # as ui.shell.qt_app does for a person who chose French
    try:
        http = HttpSession(demo_backend.url)
        wizard = ExportWizard(http, firm_name="Harbor", folder=tmp_path / "export")
        qtbot.addWidget(wizard)
        assert wizard.export_options.language == "fr_CA"
        command = export_command(demo_backend.url, tmp_path / "export", wizard.export_options)
        assert command[command.index("--language") + 1] == "fr_CA"
        http.close()
    finally:
        QLocale.setDefault(previous)


@pytest.mark.slow
def test_a_matters_page_links_every_version_of_its_documents(
    demo_export: Path, browser: Browser
) -> None:
    out = demo_export
    files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    earlier = [f for f in files if f["kind"] == "document_versions"]
    documents = {d["id"]: d for d in _jsonl(out / "records" / "documents.jsonl")}
    on_matters = [f for f in earlier if (documents[f["document_id"]].get("matter") or {})]
    assert on_matters, "the demo firm has matter documents with earlier versions"
    document = documents[on_matters[0]["document_id"]]
    (current,) = [
        f for f in files if f["kind"] == "documents" and f.get("document_id") == document["id"]
    ]
    assert current["current"] is True
    versions = [f for f in earlier if f["document_id"] == document["id"]]
    browser.open((out / INDEX_NAME).as_uri())
    _go(browser, f"#/matter/{document['matter']['id']}")
    assert "Every version of the documents" in _texts(browser, "#view h3")
    links = browser.evaluate(
        "Array.from(document.querySelectorAll('#view li a'),"
        " a => [a.textContent, a.getAttribute('href')])"
    )
    assert isinstance(links, list)
    hrefs = {str(href): str(text) for text, href in links}

    def href(path: str) -> str:  # as the page writes it: each part URI-encoded
        return "/".join(quote(part, safe="!*'()") for part in path.split("/"))

    assert hrefs[href(current["path"])] == "current version"
    for version in versions:
        assert ".versions/" in version["path"] and (out / version["path"]).is_file()
        assert hrefs[href(version["path"])] == f"version {version['version']}"
    assert browser.errors == [] and browser.dialogs == []
