// The findings register and the list of included sources, drawn in the browser
// from window.BOOK_FINDINGS / window.BOOK_SOURCES (register/*.js), so that the
// pages stay light however large the evidence grows. Filters come from the
// address (findings.html?model=icbs_2022) and from the menus.
(function () {
  "use strict";
  var PAGE_SIZE = 50;
  var FILTER_NAMES = {
    model: "Model", system: "System", site: "Case-study site", "function": "Function",
    outcome_domain: "Outcome domain", direction: "Direction", review_finding: "Review finding", source: "Source"
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function link(href, text) {
    return el("a", { href: href, text: text });
  }

  function setAddress(params) {
    try {
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    } catch (e) { /* some browsers refuse on file:// addresses; the filters still work */ }
  }

  function pager(state, total, redraw) {
    var pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    var prev = el("button", { type: "button", text: "Previous " + PAGE_SIZE });
    var next = el("button", { type: "button", text: "Next " + PAGE_SIZE });
    prev.disabled = state.page <= 0;
    next.disabled = state.page >= pages - 1;
    prev.addEventListener("click", function () { state.page -= 1; redraw(); });
    next.addEventListener("click", function () { state.page += 1; redraw(); });
    return el("p", { "class": "register-pager" }, [prev, " Page " + (state.page + 1) + " of " + pages + " ", next]);
  }

  function findingsRegister(root, data) {
    var fields = data.fields;
    var col = {};
    fields.forEach(function (f, i) { col[f] = i; });
    var params = new URLSearchParams(location.search);
    var state = { page: 0, filters: {}, text: params.get("q") || "", id: params.get("id") || "" };
    var form = el("form", { "class": "register-filters", role: "search", "aria-label": "Filter the findings" });
    Object.keys(FILTER_NAMES).forEach(function (name) {
      var vocab = data.vocabularies[name];
      var wanted = params.get(name) || "";
      var select = el("select", { id: "register-" + name, name: name });
      select.appendChild(el("option", { value: "", text: "all" }));
      vocab.forEach(function (pair, i) {
        var option = el("option", { value: pair[0], text: pair[1] });
        if (pair[0] === wanted) { option.selected = true; state.filters[name] = i; }
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        var i = select.selectedIndex - 1;
        if (i < 0) delete state.filters[name]; else state.filters[name] = i;
        state.page = 0; redraw();
      });
      form.appendChild(el("label", { "for": "register-" + name }, [FILTER_NAMES[name] + " "]));
      form.appendChild(select);
    });
    var search = el("input", { type: "search", id: "register-q", name: "q", value: state.text });
    search.addEventListener("input", function () { state.text = search.value; state.page = 0; redraw(); });
    form.appendChild(el("label", { "for": "register-q" }, ["Words "]));
    form.appendChild(search);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var status = el("p", { "class": "register-status", role: "status", "aria-live": "polite" });
    var results = el("div", { "class": "register-results" });
    root.textContent = "";
    root.appendChild(form);
    root.appendChild(status);
    root.appendChild(results);

    function matches(row) {
      if (state.id && row[col.id] !== state.id) return false;
      for (var name in state.filters) if (row[col[name]] !== state.filters[name]) return false;
      if (state.text) {
        var words = state.text.toLowerCase();
        if (row[col.finding].toLowerCase().indexOf(words) < 0 && row[col.id].toLowerCase() !== words) return false;
      }
      return true;
    }

    function label(name, row) {
      var i = row[col[name]];
      return i < 0 ? "" : data.vocabularies[name][i][1];
    }

    function redraw() {
      var shown = data.rows.filter(matches);
      var pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
      state.page = Math.min(state.page, pages - 1);
      var out = new URLSearchParams();
      Object.keys(state.filters).forEach(function (name) { out.set(name, data.vocabularies[name][state.filters[name]][0]); });
      if (state.text) out.set("q", state.text);
      if (state.id) out.set("id", state.id);
      setAddress(out);
      status.textContent = shown.length + " of " + data.rows.length + " findings match" +
        (state.id ? " (finding " + state.id + ")" : "") + ".";
      var table = el("table", { "class": "book-table register-table" });
      table.appendChild(el("caption", { text: "Findings " + (shown.length ? state.page * PAGE_SIZE + 1 : 0) + " to " +
        Math.min(shown.length, (state.page + 1) * PAGE_SIZE) + " of " + shown.length }));
      var head = el("tr");
      ["Finding", "Function · direction", "Model, system, site", "Source and locator", "Supports"].forEach(function (h) {
        head.appendChild(el("th", { scope: "col", text: h }));
      });
      table.appendChild(el("thead", {}, [head]));
      var body = el("tbody");
      shown.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE).forEach(function (row) {
        var source = el("td", {}, [row[col.url] ? link(row[col.url], label("source", row)) : label("source", row),
                                    row[col.locator] ? ", " + row[col.locator] : ""]);
        var rf = row[col.review_finding] < 0 ? "" : data.vocabularies.review_finding[row[col.review_finding]][0];
        body.appendChild(el("tr", { id: "finding-" + row[col.id].toLowerCase() }, [
          el("td", {}, [el("strong", { text: row[col.id] }), " " + row[col.finding]]),
          el("td", { text: label("function", row) + " · " + label("direction", row) }),
          el("td", { text: [label("model", row), label("system", row), label("site", row)].filter(Boolean).join("; ") }),
          source,
          el("td", {}, [rf ? link("review-findings.html#rf-" + rf.split("-")[1], label("review_finding", row)) : "—"])
        ]));
      });
      table.appendChild(body);
      results.textContent = "";
      results.appendChild(el("div", { "class": "table-wrapper", tabindex: "0", role: "region", "aria-label": "Findings" }, [table]));
      if (shown.length > PAGE_SIZE) results.appendChild(pager(state, shown.length, redraw));
    }
    redraw();
  }

  function sourcesList(root, data) {
    var col = {};
    data.fields.forEach(function (f, i) { col[f] = i; });
    var state = { page: 0, text: "" };
    var search = el("input", { type: "search", id: "sources-q" });
    var status = el("p", { "class": "register-status", role: "status", "aria-live": "polite" });
    var list = el("div");
    root.textContent = "";
    root.appendChild(el("p", {}, [el("label", { "for": "sources-q" }, ["Find a source (author, title or year) "]), search]));
    root.appendChild(status);
    root.appendChild(list);
    search.addEventListener("input", function () { state.text = search.value.toLowerCase(); state.page = 0; redraw(); });

    function redraw() {
      var shown = data.rows.filter(function (r) {
        return !state.text || [r[col.authors], r[col.title], r[col.year], r[col.key]].join(" ").toLowerCase().indexOf(state.text) >= 0;
      });
      status.textContent = shown.length + " of " + data.rows.length + " included sources.";
      var ol = el("ul", { "class": "sources-list" });
      shown.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE).forEach(function (r) {
        var findings = r[col.findings];
        ol.appendChild(el("li", { id: "source-" + r[col.key] }, [
          r[col.authors] + " (" + r[col.year] + "). ", el("em", { text: r[col.title] }), ". ",
          r[col.published] ? r[col.published] + ". " : "",
          r[col.url] ? link(r[col.url], "Where we read it") : "",
          findings ? " · " : "",
          findings ? link("findings.html?source=" + encodeURIComponent(r[col.key]), findings + (findings === 1 ? " finding" : " findings")) : ""
        ]));
      });
      list.textContent = "";
      list.appendChild(ol);
      if (shown.length > PAGE_SIZE) list.appendChild(pager(state, shown.length, redraw));
    }
    redraw();
  }

  function start() {
    var findings = document.getElementById("book-findings-register");
    if (findings && window.BOOK_FINDINGS) findingsRegister(findings, window.BOOK_FINDINGS);
    var sources = document.getElementById("book-sources-list");
    if (sources && window.BOOK_SOURCES) sourcesList(sources, window.BOOK_SOURCES);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
