// The findings register and the list of included sources, drawn in the browser
// from window.BOOK_FINDINGS / window.BOOK_SOURCES (register/*-data.js), so that
// the pages stay light however large the evidence grows: the findings page
// loads its data after the page itself, and the bibliography loads the list
// of sources only when a reader asks for it. Filters come from the address
// (findings.html?model=icbs_2022) and from the menus.
(function () {
  "use strict";
  var PAGE_SIZE = 50;
  // Filters with a menu; "source" and "id" come from links (a menu of every source would not scale).
  var MENUS = {
    model: "Model", system: "System", site: "Case-study site", "function": "Function",
    outcome_domain: "Outcome domain", direction: "Direction", review_finding: "Review finding"
  };
  var HERE = document.currentScript ? document.currentScript.src : "";

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

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function setAddress(params) {
    try {
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    } catch (e) { /* some browsers refuse on file:// addresses; the filters still work */ }
  }

  // Previous / next buttons; after a redraw, focus returns to the button the reader pressed.
  function pager(state, total, redraw, noun) {
    var pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    var buttons = {};
    ["previous", "next"].forEach(function (which) {
      var button = el("button", { type: "button", "data-pager": which,
        text: (which === "next" ? "Next " : "Previous ") + PAGE_SIZE + " " + noun });
      button.disabled = which === "next" ? state.page >= pages - 1 : state.page <= 0;
      button.addEventListener("click", function () {
        state.page += which === "next" ? 1 : -1;
        state.focus = which;
        redraw();
      });
      buttons[which] = button;
    });
    return el("p", { "class": "register-pager" },
      [buttons.previous, " Page " + (state.page + 1) + " of " + pages + " ", buttons.next]);
  }

  function restoreFocus(container, state) {
    if (!state.focus) return;
    var wanted = container.querySelector("button[data-pager='" + state.focus + "']");
    var other = container.querySelector("button[data-pager='" + (state.focus === "next" ? "previous" : "next") + "']");
    var target = wanted && !wanted.disabled ? wanted : other;
    if (target) target.focus();
    state.focus = null;
  }

  function findingsRegister(root, data) {
    var col = {};
    data.fields.forEach(function (f, i) { col[f] = i; });
    var params = new URLSearchParams(location.search);
    var state = { page: 0, filters: {}, text: params.get("words") || "", id: params.get("id") || "", focus: null };
    var unknown = [];
    var codeIndex = {};
    Object.keys(data.vocabularies).forEach(function (name) {
      codeIndex[name] = {};
      data.vocabularies[name].forEach(function (pair, i) { codeIndex[name][pair[0]] = i; });
    });
    Object.keys(MENUS).concat(["source"]).forEach(function (name) {
      var wanted = params.get(name);
      if (!wanted) return;
      if (Object.prototype.hasOwnProperty.call(codeIndex[name], wanted)) state.filters[name] = codeIndex[name][wanted];
      else unknown.push((MENUS[name] || "Source") + " \u201c" + wanted + "\u201d");
    });

    var form = el("form", { "class": "register-filters", role: "search", "aria-label": "Filter the findings" });
    Object.keys(MENUS).forEach(function (name) {
      var select = el("select", { id: "register-" + name, name: name });
      select.appendChild(el("option", { value: "", text: "all" }));
      data.vocabularies[name].forEach(function (pair, i) {
        var option = el("option", { value: pair[0], text: pair[1] });
        if (state.filters[name] === i) option.selected = true;
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        var i = select.selectedIndex - 1;
        if (i < 0) delete state.filters[name]; else state.filters[name] = i;
        state.page = 0; redraw();
      });
      form.appendChild(el("label", { "for": "register-" + name }, [MENUS[name] + " "]));
      form.appendChild(select);
    });
    // "words", not "q": Sphinx's search script reads ?q= on every page.
    var search = el("input", { type: "search", id: "register-q", name: "words", value: state.text });
    search.addEventListener("input", function () { state.text = search.value; state.page = 0; redraw(); });
    form.appendChild(el("label", { "for": "register-q" }, ["Words "]));
    form.appendChild(search);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var chips = el("p", { "class": "register-chips" });
    var notice = el("p", { "class": "register-notice", role: "alert" });
    var status = el("p", { "class": "register-status", role: "status", "aria-live": "polite" });
    var results = el("div", { "class": "register-results" });
    root.textContent = "";
    [form, chips, notice, status, results].forEach(function (n) { root.appendChild(n); });
    if (state.id && !data.rows.some(function (row) { return row[col.id] === state.id; })) {
      unknown.push("finding \u201c" + state.id + "\u201d");
      state.id = "";
    }
    if (unknown.length) {
      notice.textContent = "The address asks for " + unknown.join(" and ") +
        ", which the register does not hold; that filter is left out.";
    }

    function label(name, row) {
      var i = row[col[name]];
      return i < 0 ? "" : data.vocabularies[name][i][1];
    }

    function matches(row, needles) {
      if (state.id && row[col.id] !== state.id) return false;
      for (var name in state.filters) if (row[col[name]] !== state.filters[name]) return false;
      if (needles.length) {
        var haystack = (row[col.id] + " " + row[col.finding] + " " + label("source", row)).toLowerCase();
        for (var k = 0; k < needles.length; k++) if (haystack.indexOf(needles[k]) < 0) return false;
      }
      return true;
    }

    // Filters set from a link (one source, one finding) show as removable chips.
    function drawChips() {
      chips.textContent = "";
      var items = [];
      if ("source" in state.filters) items.push(["Source: " + data.vocabularies.source[state.filters.source][1],
                                                 function () { delete state.filters.source; }]);
      if (state.id) items.push(["Finding " + state.id, function () { state.id = ""; }]);
      items.forEach(function (item) {
        var button = el("button", { type: "button", "aria-label": "Remove the filter " + item[0], text: "\u2715" });
        button.addEventListener("click", function () { item[1](); state.page = 0; redraw(); search.focus(); });
        chips.appendChild(el("span", { "class": "register-chip" }, [item[0] + " ", button]));
      });
    }

    var NOT_FOUND = {
      locator_only: "The supporting passage was not found again in the copies we could read, so no excerpt is shown. ",
      not_recoverable: "No copy of this source could be found again, so no excerpt is shown. "
    };

    // The source, named and linked to the publication itself; the locator; the source's own
    // words in quotation marks and the copy they were read in (or why they are missing).
    function sourceCell(row) {
      var i = row[col.source];
      var name = label("source", row);
      var cell = [i >= 0 && data.publications[i] ? link(data.publications[i], name) : name,
                  row[col.locator] ? ", " + row[col.locator] : ""];
      if (row[col.excerpt]) {
        cell.push(el("blockquote", { "class": "register-excerpt" }, ["\u201c" + row[col.excerpt] + "\u201d"]));
        cell.push(el("span", { "class": "register-copy" }, [link(row[col.read_at], "The copy we read")]));
      } else {
        cell.push(el("p", { "class": "register-unverified" }, [
          NOT_FOUND[row[col.verification]] || "Not yet checked against its source. ",
          row[col.url] ? link(row[col.url], "Where we first read it") : ""]));
      }
      return cell;
    }

    function redraw() {
      var needles = words(state.text);
      var shown = data.rows.filter(function (row) { return matches(row, needles); });
      var pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
      state.page = Math.min(state.page, pages - 1);
      var out = new URLSearchParams();
      Object.keys(state.filters).forEach(function (name) { out.set(name, data.vocabularies[name][state.filters[name]][0]); });
      if (state.text) out.set("words", state.text);
      if (state.id) out.set("id", state.id);
      setAddress(out);
      drawChips();
      status.textContent = shown.length + " of " + data.rows.length + " findings match.";
      var table = el("table", { "class": "book-table register-table" });
      table.appendChild(el("caption", { text: "Findings " + (shown.length ? state.page * PAGE_SIZE + 1 : 0) + " to " +
        Math.min(shown.length, (state.page + 1) * PAGE_SIZE) + " of " + shown.length }));
      var head = el("tr");
      ["Finding", "Function \u00b7 direction", "Model, system, site", "Source and locator", "Supports"].forEach(function (h) {
        head.appendChild(el("th", { scope: "col", text: h }));
      });
      table.appendChild(el("thead", {}, [head]));
      var body = el("tbody");
      shown.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE).forEach(function (row) {
        var source = el("td", {}, sourceCell(row));
        var rf = row[col.review_finding] < 0 ? "" : data.vocabularies.review_finding[row[col.review_finding]][0];
        body.appendChild(el("tr", { id: "finding-" + row[col.id].toLowerCase() }, [
          el("td", {}, [el("strong", { text: row[col.id] }), " " + row[col.finding]]),
          el("td", { text: label("function", row) + " \u00b7 " + label("direction", row) }),
          el("td", { text: [label("model", row), label("system", row), label("site", row)].filter(Boolean).join("; ") }),
          source,
          el("td", {}, [rf ? link("review-findings.html#rf-" + rf.split("-")[1], label("review_finding", row)) : "\u2014"])
        ]));
      });
      table.appendChild(body);
      results.textContent = "";
      results.appendChild(el("div", { "class": "table-wrapper", tabindex: "0", role: "region", "aria-label": "Findings" }, [table]));
      if (shown.length > PAGE_SIZE) results.appendChild(pager(state, shown.length, redraw, "findings"));
      restoreFocus(results, state);
    }
    redraw();
  }

  function sourcesList(root, data) {
    var col = {};
    data.fields.forEach(function (f, i) { col[f] = i; });
    var state = { page: 0, text: "", focus: null };
    var search = el("input", { type: "search", id: "sources-q" });
    var status = el("p", { "class": "register-status", role: "status", "aria-live": "polite" });
    var list = el("div");
    root.textContent = "";
    root.appendChild(el("p", {}, [el("label", { "for": "sources-q" }, ["Find a source (author, title or year) "]), search]));
    root.appendChild(status);
    root.appendChild(list);
    search.addEventListener("input", function () { state.text = search.value; state.page = 0; redraw(); });

    function redraw() {
      var needles = words(state.text);
      var shown = data.rows.filter(function (r) {
        var haystack = [r[col.authors], r[col.title], r[col.year], r[col.key]].join(" ").toLowerCase();
        return needles.every(function (w) { return haystack.indexOf(w) >= 0; });
      });
      status.textContent = shown.length + " of " + data.rows.length + " included sources.";
      var ul = el("ul", { "class": "sources-list" });
      shown.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE).forEach(function (r) {
        var findings = r[col.findings];
        ul.appendChild(el("li", { id: "source-" + r[col.key] }, [
          r[col.authors] + " (" + r[col.label].split(", ").pop() + "). ", el("em", { text: r[col.title] }), ". ",
          r[col.published] ? r[col.published] + ". " : "",
          r[col.url] ? link(r[col.url], "Where we read it") : "",
          findings ? " \u00b7 " : "",
          findings ? link("findings.html?source=" + encodeURIComponent(r[col.key]), findings + (findings === 1 ? " finding" : " findings")) : ""
        ]));
      });
      list.textContent = "";
      list.appendChild(ul);
      if (shown.length > PAGE_SIZE) list.appendChild(pager(state, shown.length, redraw, "sources"));
      restoreFocus(list, state);
    }
    redraw();
  }

  // A script element loads a data file from disk too (file://), where fetch() would be refused.
  function loadData(name, variable, done, failed) {
    if (window[variable]) { done(window[variable]); return; }
    var script = el("script", { src: HERE.replace(/register\.js(\?.*)?$/, name) });
    script.addEventListener("load", function () { done(window[variable]); });
    script.addEventListener("error", failed);
    document.head.appendChild(script);
  }

  function start() {
    var findings = document.getElementById("book-findings-register");
    if (findings) {
      var loading = el("p", { role: "status", text: "Loading the findings\u2026" });
      findings.insertBefore(loading, findings.firstChild);
      loadData("findings-data.js", "BOOK_FINDINGS", function (data) { findingsRegister(findings, data); },
               function () { loading.textContent = "The findings could not be loaded; they are in findings.csv."; });
    }
    var sources = document.getElementById("book-sources-list");
    if (sources) {
      var button = el("button", { type: "button", "class": "register-show", text: "Show every included source" });
      sources.insertBefore(el("p", {}, [button]), sources.firstChild);
      button.addEventListener("click", function () {
        button.disabled = true;
        button.textContent = "Loading the sources\u2026";
        loadData("sources-data.js", "BOOK_SOURCES", function (data) {
          sourcesList(sources, data);
          var input = document.getElementById("sources-q");
          if (input) input.focus();
        }, function () { button.textContent = "The sources could not be loaded; they are in references.bib."; });
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
