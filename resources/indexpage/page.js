(function () {
  "use strict";
  // Every text from the service is set with textContent; links are built only from "#/"
  // routes and checked local document paths. Nothing from the data becomes markup or code.
  var ROW_H = 30;
  var MAX_PX = 8000000; // taller lists are scrolled in proportion (browsers cap heights)
  var has = Object.prototype.hasOwnProperty;

  function block(name) {
    var node = document.getElementById("data-" + name);
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }
  var S = (block("strings") || [])[0] || {};
  var summary = (block("summary") || [])[0] || { blocks: [] };
  var lang = document.documentElement.lang || "en";

  function t(key) { return has.call(S, key) ? S[key] : key; }
  function fmt(key) {
    var args = arguments;
    return t(key).replace(/%(\d)/g, function (all, n) { return String(args[Number(n)]); });
  }
  function num(n) {
    try { return Number(n).toLocaleString(lang); } catch (e) { return String(n); }
  }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function route() {
    var parts = Array.prototype.slice.call(arguments).map(function (p) {
      return encodeURIComponent(String(p));
    });
    return "#/" + parts.join("/");
  }
  function link(text, href, cls) {
    var a = el("a", text, cls);
    a.setAttribute("href", href);
    return a;
  }

  // ---------------------------------------------------------------- data, read when needed
  var blockNames = summary.blocks.map(function (b) { return b.name; });
  var labels = {};
  summary.blocks.forEach(function (b) { labels[b.name] = b.label; });
  var rowCache = {}, idCache = {}, textCache = {};
  function rows(name) {
    if (!has.call(rowCache, name)) { rowCache[name] = block(name) || []; }
    return rowCache[name];
  }
  function byId(name) {
    if (!has.call(idCache, name)) {
      var map = new Map();
      rows(name).forEach(function (r) { map.set(String(r[0]), r); });
      idCache[name] = map;
    }
    return idCache[name];
  }
  function texts(name) {
    if (!has.call(textCache, name)) {
      textCache[name] = rows(name).map(function (r) {
        return [r[1], r[2], r[4], name === "documents" ? null : r[8]]
          .filter(function (v) { return v !== null && v !== undefined; })
          .join(" ").toLowerCase();
      });
    }
    return textCache[name];
  }
  var linked = null; // {matters: Map id -> [[block, row]], contacts: Map id -> [[block, row]]}
  function links() {
    if (linked) { return linked; }
    linked = { matters: new Map(), contacts: new Map() };
    function add(map, id, entry) {
      var key = String(id), list = map.get(key);
      if (!list) { list = []; map.set(key, list); }
      list.push(entry);
    }
    blockNames.forEach(function (name) {
      rows(name).forEach(function (r) {
        (r[6] || []).forEach(function (id) { add(linked.matters, id, [name, r]); });
        (r[7] || []).forEach(function (id) { add(linked.contacts, id, [name, r]); });
      });
    });
    return linked;
  }

  // ------------------------------------------------------------------ virtualised lists
  function rowLink(name, r) {
    if (name === "matters") { return route("matter", r[0]); }
    if (name === "contacts") { return route("contact", r[0]); }
    return route("record", name, r[0]);
  }
  function renderRow(name, r) {
    var a = link(null, rowLink(name, r), "vrow");
    var label = r[1] !== null && r[1] !== undefined && r[1] !== "" ? r[1] : "#" + r[0];
    a.appendChild(el("span", label, "c1"));
    a.appendChild(el("span", name === "matters" && r[8] ? r[8] + " — " + (r[2] || "") : r[2], "c2"));
    a.appendChild(el("span", r[3], "c3"));
    a.appendChild(el("span", r[4], "c4"));
    a.appendChild(el("span", r[5], "c5"));
    return a;
  }
  // Only the rows in sight are in the page: any number of records opens and scrolls at once.
  function vlist(count, render, fixedRows) {
    var box = el("div", null, fixedRows ? "vlist" : "vlist full");
    var inner = el("div", null, "vinner");
    box.appendChild(inner);
    box.setAttribute("role", "list");
    box.setAttribute("tabindex", "0");
    var total = count * ROW_H, height = Math.min(total, MAX_PX);
    inner.style.height = height + "px";
    if (fixedRows) { box.style.height = Math.min(count, fixedRows) * ROW_H + 2 + "px"; }
    var shown = "";
    function draw() {
      var view = box.clientHeight || ROW_H * 20, top = box.scrollTop;
      var maxTop = Math.max(height - view, 1);
      var at = total > height ? top / maxTop * Math.max(total - view, 0) : top;
      var first = Math.max(0, Math.floor(at / ROW_H) - 4);
      var last = Math.min(count, Math.ceil((at + view) / ROW_H) + 4);
      var key = first + ":" + last + ":" + (total > height ? top : 0);
      if (key === shown) { return; }
      shown = key;
      var frag = document.createDocumentFragment();
      for (var i = first; i < last; i++) {
        var row = render(i);
        row.style.top = (top + i * ROW_H - at) + "px";
        row.setAttribute("role", "listitem");
        frag.appendChild(row);
      }
      inner.replaceChildren(frag);
      box.setAttribute("data-first", String(first));
      box.setAttribute("data-last", String(last));
    }
    box.addEventListener("scroll", draw, { passive: true });
    box.draw = draw;
    return box;
  }
  function listOf(name, items, fixedRows) {
    return vlist(items.length, function (i) { return renderRow(name, items[i]); }, fixedRows);
  }
  function put(parent, node) {
    parent.appendChild(node);
    if (node.draw) { node.draw(); }
    node.querySelectorAll(".vlist").forEach(function (v) { if (v.draw) { v.draw(); } });
    return node;
  }

  // ----------------------------------------------------------------------------- views
  var view = document.getElementById("view");
  function title(text) { view.appendChild(el("h2", text)); }

  function showSummary() {
    title(t("summary"));
    var table = el("table");
    function fact(name, value, cls) {
      var tr = el("tr");
      tr.appendChild(el("th", name));
      var td = el("td", value, cls);
      tr.appendChild(td);
      table.appendChild(tr);
      return td;
    }
    fact(t("firm"), summary.firm || "—");
    var exported = fact(t("exported"), "—");
    var state = fact(t("verification"), t("verified_unknown"));
    var when = fact(t("last_verified"), "—");
    var status = window.accountDeskExportStatus;
    if (status && typeof status === "object") {
      exported.textContent = status.finished_at || "—";
      if (!status.complete) {
        state.textContent = t("verified_incomplete"); state.className = "bad";
      } else if (status.verified) {
        state.textContent = t("verified_yes"); state.className = "ok";
      } else {
        state.textContent = fmt("verified_no", num(status.problems || 0)); state.className = "bad";
      }
      when.textContent = status.verified_at || t("never");
    }
    view.appendChild(table);
    view.appendChild(el("h3", t("kinds")));
    var kinds = el("table");
    var head = el("tr");
    head.appendChild(el("th", t("kind")));
    head.appendChild(el("th", t("count")));
    kinds.appendChild(head);
    summary.blocks.forEach(function (b) {
      b.kinds.forEach(function (k) {
        var tr = el("tr"), td = el("td");
        td.appendChild(link(k.label, route("kind", b.name)));
        tr.appendChild(td);
        tr.appendChild(el("td", num(k.count), "num"));
        kinds.appendChild(tr);
      });
    });
    var files = el("tr");
    files.appendChild(el("td", t("document_files")));
    files.appendChild(el("td", num(summary.document_files || 0), "num"));
    kinds.appendChild(files);
    view.appendChild(kinds);
    view.appendChild(el("p", t("readme_hint"), "muted"));
    view.appendChild(el("p", t("cut_note"), "muted"));
  }

  function filtered(name, q) {
    var all = rows(name);
    if (!q) { return all; }
    var hay = texts(name), out = [];
    for (var i = 0; i < all.length; i++) {
      if (hay[i].indexOf(q) >= 0) { out.push(all[i]); }
    }
    return out;
  }

  function showKind(name) {
    if (blockNames.indexOf(name) < 0) { return showMissing(); }
    title(labels[name]);
    var count = el("p", fmt("n_records", num(rows(name).length)), "muted");
    view.appendChild(count);
    var input = el("input");
    input.type = "search";
    input.placeholder = t("filter");
    input.setAttribute("aria-label", t("filter_label"));
    view.appendChild(input);
    var list = put(view, listOf(name, rows(name)));
    var timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim().toLowerCase();
        var items = filtered(name, q);
        count.textContent = q ? fmt("n_match", num(items.length), num(rows(name).length))
                              : fmt("n_records", num(items.length));
        var next = listOf(name, items);
        list.replaceWith(next);
        list = next;
        list.draw();
      }, 120);
    });
  }

  function searchResults(box, q) {
    box.replaceChildren();
    box.setAttribute("data-query", q);
    if (!q) { box.appendChild(el("p", t("search_hint"), "muted")); return; }
    ["matters", "contacts", "documents"].forEach(function (name) {
      if (blockNames.indexOf(name) < 0) { return; }
      var items = filtered(name, q);
      box.appendChild(el("h3", labels[name] + " (" + num(items.length) + ")"));
      if (items.length) { put(box, listOf(name, items, 10)); }
      else { box.appendChild(el("p", t("none"), "muted")); }
    });
  }
  var lastSearch = "";
  function showSearch() {
    title(t("search"));
    var input = el("input");
    input.type = "search";
    input.placeholder = t("search_placeholder");
    input.setAttribute("aria-label", t("search_label"));
    input.value = lastSearch;
    view.appendChild(input);
    var box = el("div");
    view.appendChild(box);
    searchResults(box, lastSearch.trim().toLowerCase());
    var timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        lastSearch = input.value;
        searchResults(box, lastSearch.trim().toLowerCase());
      }, 150);
    });
    input.focus();
  }

  function section(name, items) {
    view.appendChild(el("h3", labels[name] + " (" + num(items.length) + ")"));
    if (!items.length) { view.appendChild(el("p", t("none"), "muted")); return; }
    put(view, listOf(name, items, 12));
  }
  function grouped(entries) {
    var groups = {};
    (entries || []).forEach(function (e) { (groups[e[0]] = groups[e[0]] || []).push(e[1]); });
    return groups;
  }
  var MATTER_SECTIONS = ["documents", "notes", "activities", "bills", "trust_line_items",
    "communications", "calendar_entries", "tasks"];

  function contactLinks(ids) {
    var ul = el("ul"), contacts = byId("contacts");
    ids.forEach(function (id) {
      var c = contacts.get(String(id)), li = el("li");
      li.appendChild(c ? link(c[1] || "#" + id, route("contact", id)) : el("span", "#" + id));
      ul.appendChild(li);
    });
    return ul;
  }
  function showMatter(id) {
    var m = byId("matters").get(id);
    if (!m) { return showMissing(); }
    title(t("client_file") + " — " + (m[1] || "#" + m[0]));
    if (m[2]) { view.appendChild(el("p", m[2], "text")); }
    var facts = [m[4], m[3]].filter(Boolean).join(" · ");
    if (facts) { view.appendChild(el("p", facts, "muted")); }
    view.appendChild(el("h3", t("client")));
    var clientIds = m[7] || [];
    if (clientIds.length) { view.appendChild(contactLinks(clientIds)); }
    else { view.appendChild(el("p", m[8] || t("none"), "muted")); }
    var groups = grouped(links().matters.get(id));
    var related = [];
    Object.keys(groups).forEach(function (name) {
      groups[name].forEach(function (r) {
        (r[7] || []).forEach(function (c) {
          if (clientIds.indexOf(c) < 0 && related.indexOf(c) < 0) { related.push(c); }
        });
      });
    });
    view.appendChild(el("h3", t("related_contacts")));
    if (related.length) { view.appendChild(contactLinks(related)); }
    else { view.appendChild(el("p", t("none"), "muted")); }
    MATTER_SECTIONS.forEach(function (name) {
      if (blockNames.indexOf(name) >= 0) { section(name, groups[name] || []); }
      if (name === "documents" && (groups.documents || []).length) {
        documentVersions(groups.documents);
      }
    });
    blockNames.forEach(function (name) {
      if (MATTER_SECTIONS.indexOf(name) < 0 && groups[name]) { section(name, groups[name]); }
    });
  }

  function showContact(id) {
    var c = byId("contacts").get(id);
    if (!c) { return showMissing(); }
    title(c[1] || "#" + c[0]);
    [c[4], c[2], c[8]].forEach(function (v) { if (v) { view.appendChild(el("p", v, "muted")); } });
    var groups = grouped(links().contacts.get(id));
    if (blockNames.indexOf("matters") >= 0) { section("matters", groups.matters || []); }
    blockNames.forEach(function (name) {
      if (name !== "matters" && groups[name]) { section(name, groups[name]); }
    });
  }

  function safePath(path) {
    // Only a relative path inside the export's documents or templates folder becomes a link.
    if (typeof path !== "string" || (path.indexOf("documents/") !== 0 &&
        path.indexOf("document_templates/") !== 0)) { return null; }
    var parts = path.split("/");
    for (var i = 0; i < parts.length; i++) {
      if (parts[i] === "" || parts[i] === "." || parts[i] === ".." ||
          parts[i].indexOf("\\") >= 0) { return null; }
    }
    return parts.map(encodeURIComponent).join("/");
  }
  // Every file of each document: the current one and each earlier version (`.versions/`).
  function versionLinks(r) {
    var li = el("li"), current = safePath(r[8]);
    li.appendChild(el("span", (r[1] || "#" + r[0]) + " — "));
    li.appendChild(current ? link(t("current_version"), current) : el("span", t("not_exported")));
    (r[9] || []).forEach(function (v) {
      var href = safePath(v[1]);
      li.appendChild(el("span", " · "));
      var words = fmt("version_n", v[0]);
      li.appendChild(href ? link(words, href) : el("span", words));
    });
    return li;
  }
  function documentVersions(items) {
    view.appendChild(el("h3", t("document_versions")));
    var ul = el("ul");
    items.forEach(function (r) { ul.appendChild(versionLinks(r)); });
    view.appendChild(ul);
  }
  function showRecord(name, id) {
    var r = blockNames.indexOf(name) >= 0 ? byId(name).get(id) : null;
    if (!r) { return showMissing(); }
    title(labels[name] + " — " + (r[1] || "#" + r[0]));
    var table = el("table");
    [[t("id"), r[0]], [t("detail"), r[2]], [t("date"), r[3]], [t("status"), r[4]],
      [t("amount"), r[5]]].forEach(function (f) {
      if (f[1] === null || f[1] === undefined || f[1] === "") { return; }
      var tr = el("tr");
      tr.appendChild(el("th", f[0]));
      tr.appendChild(el("td", f[1], "text"));
      table.appendChild(tr);
    });
    view.appendChild(table);
    if (name === "documents" || name === "document_templates") {
      var href = safePath(r[8]);
      view.appendChild(href ? link(t("open_file"), href) : el("p", t("not_exported"), "muted"));
      if ((r[9] || []).length) { documentVersions([r]); }
    }
    var matters = byId("matters");
    if ((r[6] || []).length) {
      view.appendChild(el("h3", labels.matters || t("matters_of")));
      var ul = el("ul");
      r[6].forEach(function (mid) {
        var m = matters.get(String(mid)), li = el("li");
        li.appendChild(m ? link(m[1] || "#" + mid, route("matter", mid)) : el("span", "#" + mid));
        ul.appendChild(li);
      });
      view.appendChild(ul);
    }
    if ((r[7] || []).length) {
      view.appendChild(el("h3", labels.contacts || "Contacts"));
      view.appendChild(contactLinks(r[7]));
    }
    var p = el("p", t("full_record") + " ", "muted");
    p.appendChild(link(t("records_folder"), "records/"));
    view.appendChild(p);
  }
  function showMissing() { view.appendChild(el("p", t("not_found"), "muted")); }

  // ---------------------------------------------------------------------------- routing
  var kindsNav = document.getElementById("kinds");
  summary.blocks.forEach(function (b) {
    var li = el("li"), a = link(null, route("kind", b.name));
    a.appendChild(el("span", b.label));
    a.appendChild(el("span", num(b.count), "n"));
    li.appendChild(a);
    kindsNav.appendChild(li);
  });
  function show() {
    var parts = location.hash.replace(/^#\/?/, "").split("/").map(function (p) {
      try { return decodeURIComponent(p); } catch (e) { return ""; }
    });
    view.replaceChildren();
    document.querySelectorAll("nav a").forEach(function (a) { a.removeAttribute("aria-current"); });
    document.querySelectorAll("nav a").forEach(function (a) {
      if (a.getAttribute("href") === (location.hash || "#/summary")) {
        a.setAttribute("aria-current", "page");
      }
    });
    switch (parts[0]) {
      case "kind": showKind(parts[1]); break;
      case "matter": showMatter(parts[1]); break;
      case "contact": showContact(parts[1]); break;
      case "record": showRecord(parts[1], parts[2]); break;
      case "search": showSearch(); break;
      default: showSummary();
    }
    view.scrollTop = 0;
    document.documentElement.setAttribute("data-view", location.hash || "#/summary");
  }
  window.addEventListener("hashchange", show);
  window.addEventListener("resize", function () {
    view.querySelectorAll(".vlist").forEach(function (v) { if (v.draw) { v.draw(); } });
  });
  show();
  // When this export was last verified: a small file beside this page that `account-desk
  // verify` rewrites (this page itself is part of what is verified, so it cannot hold it).
  var status = document.createElement("script");
  status.src = "export-status.js";
  status.onload = function () {
    if (/^#?\/?(summary)?$/.test(location.hash)) { show(); }
  };
  document.head.appendChild(status);
  document.documentElement.setAttribute("data-ready", "1");
})();
