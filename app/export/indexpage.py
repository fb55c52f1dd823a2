"""`index.html`: one offline page to browse the export (matters, their client, notes and
documents, and contacts) with relative links to the local files.

No network at all: inline CSS and JavaScript only. Data is embedded as JSON inside
`<script type="application/json">` blocks with every `<`, `>` and `&` escaped, and the script
only ever sets `textContent` and attributes, so no server-provided text can become markup.
The data is streamed from the JSON Lines files, so a large export does not need memory for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from app.export.indexrows import ROW_KINDS, id_of, json_for_html, sealed_rows, text
from app.export.records import RECORDS_DIR, read_records
from app.export.safefiles import create_text, replace_file

INDEX_NAME = "index.html"


def _block(
    out: TextIO,
    name: str,
    records: Iterable[Any],
    project: Callable[[Mapping[str, Any]], list[Any]],
) -> None:
    out.write(f'<script type="application/json" id="data-{name}">[')
    first = True
    for record in records:
        if not isinstance(record, Mapping):
            continue
        out.write(("" if first else ",") + json_for_html(project(record)))
        first = False
    out.write("]</script>\n")


def _rows_block(out: TextIO, root: Path, name: str, kind_keys: Iterable[str]) -> None:
    """A block of kinds index.html shows: each kind's rows from its sealed rows file (made
    while the records were written, see `indexrows`), else from its records file."""
    out.write(f'<script type="application/json" id="data-{name}">[')
    first = True
    for key in kind_keys:
        jsonl = root / RECORDS_DIR / f"{key}.jsonl"
        rows = sealed_rows(root, key, jsonl) if jsonl.is_file() else None
        if rows is None:
            lines: Iterable[str] = (
                json_for_html(ROW_KINDS[key](r))
                for r in read_records(jsonl)
                if isinstance(r, Mapping)
            )
        else:
            lines = _lines_of(rows)
        for line in lines:
            out.write(line if first else "," + line)
            first = False
    out.write("]</script>\n")


def _lines_of(rows: Path) -> Iterator[str]:
    with open(rows, encoding="utf-8", newline="\n") as handle:
        for line in handle:
            yield line.rstrip("\n")


def write_index(root: Path, document_paths: Mapping[str, str], firm_name: str | None) -> Path:
    """Write `index.html` (atomically) from the records files and the documents' local paths."""
    records = root / RECORDS_DIR
    target = root / INDEX_NAME
    part = root / (INDEX_NAME + ".part")

    def documents() -> Iterable[Any]:
        for record in read_records(records / "documents.jsonl"):
            if not isinstance(record, Mapping):
                continue
            path = document_paths.get(str(record.get("id")))
            yield {
                "id": record.get("id"),
                "name": record.get("name"),
                "matter": record.get("matter"),
                "contact": record.get("contact"),
                "path": path,
            }

    def _document(r: Mapping[str, Any]) -> list[Any]:
        return [
            r.get("id"),
            text(r.get("name")),
            id_of(r.get("matter")),
            id_of(r.get("contact")),
            r.get("path"),
        ]

    title = f"{firm_name} – exported data" if firm_name else "Exported practice data"
    with create_text(part) as out:
        out.write(_HEAD.replace("%TITLE%", _html_text(title)))
        _rows_block(out, root, "matters", ["matters"])
        _rows_block(out, root, "contacts", ["contacts"])
        _rows_block(out, root, "notes", ["matter_notes", "contact_notes"])
        _block(out, "documents", documents(), _document)
        out.write(_SCRIPT)
        out.flush()
        os.fsync(out.fileno())
    replace_file(part, target)
    return target


def _html_text(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self'">
<title>%TITLE%</title>
<style>
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2430}
header{background:#24324a;color:#fff;padding:12px 20px}
h1{font-size:20px;margin:0}
main{display:flex;min-height:calc(100vh - 50px)}
nav{width:340px;border-right:1px solid #d5dae3;overflow:auto;max-height:calc(100vh - 50px)}
nav input{width:calc(100% - 24px);margin:12px;padding:6px;font:inherit}
nav .tabs{display:flex;gap:4px;padding:0 12px}
nav .tabs button{flex:1;padding:6px;font:inherit;cursor:pointer}
nav .tabs button[aria-pressed=true]{background:#24324a;color:#fff}
nav ul{list-style:none;margin:0;padding:0}
nav li button{display:block;width:100%;text-align:left;border:0;background:none;
padding:8px 12px;font:inherit;cursor:pointer}
nav li button:hover,nav li button:focus{background:#eef2f8}
section{flex:1;padding:16px 24px;overflow:auto;max-height:calc(100vh - 50px)}
h2{font-size:18px;margin-top:0}h3{font-size:16px;margin-bottom:4px}
.muted{color:#5b6577}.note{border-left:3px solid #c3cad6;padding:2px 10px;margin:8px 0;
white-space:pre-wrap}
</style>
</head>
<body>
<header><h1>%TITLE%</h1></header>
<main>
<nav aria-label="Browse">
<div class="tabs"><button id="tab-matters" aria-pressed="true">Matters</button>
<button id="tab-contacts" aria-pressed="false">Contacts</button></div>
<input id="filter" type="search" placeholder="Filter" aria-label="Filter the list">
<ul id="list"></ul>
</nav>
<section id="detail" aria-live="polite"><p class="muted">Choose a matter or a contact.
Every record is also in the <a href="records/">records</a> folder as CSV and JSON Lines.</p>
</section>
</main>
"""

_SCRIPT = """<script>
(function () {
  "use strict";
  function load(id) {
    try { return JSON.parse(document.getElementById(id).textContent); } catch (e) { return []; }
  }
  var matters = load("data-matters"), contacts = load("data-contacts");
  var notes = load("data-notes"), docs = load("data-documents");
  var contactById = {};
  contacts.forEach(function (c) { contactById[c[0]] = c; });
  var mode = "matters";
  var list = document.getElementById("list");
  var detail = document.getElementById("detail");
  var filter = document.getElementById("filter");
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function href(path) {
    return path.split("/").map(encodeURIComponent).join("/");
  }
  function docList(items) {
    var ul = el("ul");
    items.forEach(function (d) {
      var li = el("li");
      if (d[4]) {
        var a = el("a", d[1] || d[4]);
        a.setAttribute("href", href(d[4]));
        li.appendChild(a);
      } else {
        li.appendChild(el("span", (d[1] || "document") + " (not exported)", "muted"));
      }
      ul.appendChild(li);
    });
    return ul;
  }
  function noteList(items) {
    var box = el("div");
    items.forEach(function (n) {
      var div = el("div", null, "note");
      div.appendChild(el("strong", n[1] || "(no subject)"));
      if (n[3]) { div.appendChild(el("span", "  " + n[3], "muted")); }
      div.appendChild(el("div", n[2] || ""));
      box.appendChild(div);
    });
    return box;
  }
  function showMatter(m) {
    detail.replaceChildren();
    detail.appendChild(el("h2", (m[1] || "Matter " + m[0])));
    if (m[2]) { detail.appendChild(el("p", m[2])); }
    detail.appendChild(el("p", "Status: " + (m[3] || "unknown"), "muted"));
    var client = contactById[m[4]];
    detail.appendChild(el("h3", "Client"));
    if (client) {
      var b = el("button", client[1]);
      b.addEventListener("click", function () { showContact(client); });
      detail.appendChild(b);
      if (client[3]) { detail.appendChild(el("p", client[3], "muted")); }
    } else { detail.appendChild(el("p", m[5] || "none", "muted")); }
    detail.appendChild(el("h3", "Notes"));
    detail.appendChild(noteList(notes.filter(function (n) { return n[4] === m[0]; })));
    detail.appendChild(el("h3", "Documents"));
    detail.appendChild(docList(docs.filter(function (d) { return d[2] === m[0]; })));
  }
  function showContact(c) {
    detail.replaceChildren();
    detail.appendChild(el("h2", c[1] || "Contact " + c[0]));
    [c[2], c[3], c[4]].forEach(function (v) {
      if (v) { detail.appendChild(el("p", v, "muted")); }
    });
    detail.appendChild(el("h3", "Matters"));
    var ul = el("ul");
    matters.filter(function (m) { return m[4] === c[0]; }).forEach(function (m) {
      var li = el("li"), b = el("button", m[1] || m[0]);
      b.addEventListener("click", function () { showMatter(m); });
      li.appendChild(b); ul.appendChild(li);
    });
    detail.appendChild(ul);
    detail.appendChild(el("h3", "Notes"));
    detail.appendChild(noteList(notes.filter(function (n) { return n[5] === c[0]; })));
    detail.appendChild(el("h3", "Documents"));
    detail.appendChild(docList(docs.filter(function (d) { return d[3] === c[0]; })));
  }
  function render() {
    var q = filter.value.toLowerCase();
    list.replaceChildren();
    var rows = mode === "matters" ? matters : contacts;
    var shown = 0;
    for (var i = 0; i < rows.length && shown < 500; i++) {
      var r = rows[i];
      var label = mode === "matters" ? (r[1] || "") + " " + (r[2] || "") + " " + (r[5] || "")
                                     : (r[1] || "");
      if (q && label.toLowerCase().indexOf(q) < 0) { continue; }
      var li = el("li"), b = el("button", label.trim() || String(r[0]));
      b.addEventListener("click", (function (row) {
        return function () { (mode === "matters" ? showMatter : showContact)(row); };
      })(r));
      li.appendChild(b); list.appendChild(li); shown++;
    }
  }
  function setMode(m) {
    mode = m;
    document.getElementById("tab-matters").setAttribute("aria-pressed", String(m === "matters"));
    document.getElementById("tab-contacts").setAttribute("aria-pressed", String(m === "contacts"));
    render();
  }
  ["matters", "contacts"].forEach(function (m) {
    document.getElementById("tab-" + m).addEventListener("click", function () { setMode(m); });
  });
  filter.addEventListener("input", render);
  render();
})();
</script>
</body>
</html>
"""
