/*
 * search-ui.js: the search page. Results as you type, facets, shareable URLs,
 * keyboard use. Everything from the index reaches the page through textContent and
 * createElement only (no HTML strings), so content cannot inject markup.
 * The index files are loaded by inserting <script> elements: this works from
 * file:// as well as over http.
 */
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || !window.arshifSearch) return;

  var PAGE = 10;
  var DEBOUNCE_MS = 150;
  var KINDS = ["year", "source", "type", "entity"];
  var KIND_LABELS = { year: "السنة", source: "المصدر", type: "نوع الكيان", entity: "الكيانات" };
  var TYPE_LABELS = { PERS: "أشخاص", LOC: "أماكن", ORG: "منظمات", MISC: "أخرى" };
  var MAX_VALUES = { year: 50, source: 30, type: 10, entity: 15 };

  var indexBase = root.getAttribute("data-index");
  var siteRoot = root.getAttribute("data-root");
  var input = document.getElementById("search-q");
  var form = root.querySelector("form");
  var list = document.getElementById("search-results");
  var facetsEl = document.getElementById("search-facets");
  var status = document.getElementById("search-status");
  var more = document.getElementById("search-more");

  function loadScript(path) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = indexBase + path;
      s.async = true;
      s.onload = function () {
        s.parentNode.removeChild(s);
        resolve();
      };
      s.onerror = function () {
        s.parentNode.removeChild(s);
        reject(new Error("cannot load " + path));
      };
      document.head.appendChild(s);
    });
  }

  var engine = new window.arshifSearch.Engine(loadScript);
  window.arshifSearchData = engine.receive;

  var state = { q: "", filters: emptyFilters(), results: [], words: [], shown: 0, seq: 0 };

  function emptyFilters() {
    var f = {};
    KINDS.forEach(function (k) {
      f[k] = [];
    });
    return f;
  }

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    state.q = params.get("q") || "";
    state.filters = emptyFilters();
    KINDS.forEach(function (k) {
      state.filters[k] = params.getAll(k).filter(Boolean);
    });
  }

  function writeUrl() {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    KINDS.forEach(function (k) {
      state.filters[k].forEach(function (v) {
        params.append(k, v);
      });
    });
    var qs = params.toString();
    try {
      window.history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : ""));
    } catch (e) {
      /* some browsers refuse history changes on file://: the search still works */
    }
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function appendSegments(parent, segs) {
    segs.forEach(function (s) {
      if (s.hit) parent.appendChild(el("mark", null, s.text));
      else parent.appendChild(document.createTextNode(s.text));
    });
  }

  var dateFormat = null;
  try {
    dateFormat = new Intl.DateTimeFormat("ar-u-nu-latn", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
  } catch (e) {
    dateFormat = null;
  }
  function formatDate(iso) {
    if (!iso || !dateFormat) return iso || "";
    var d = new Date(iso + "T00:00:00Z");
    return isNaN(d) ? iso : dateFormat.format(d);
  }

  function renderResult(doc) {
    var li = el("li", "search-result");
    var h = el("h2");
    var a = el("a");
    a.href = siteRoot + doc.url;
    appendSegments(a, window.arshifSearch.highlight(doc.title, state.words));
    h.appendChild(a);
    li.appendChild(h);
    var meta = el("p", "meta");
    if (doc.date) {
      var t = el("time", null, formatDate(doc.date));
      t.setAttribute("datetime", doc.date);
      meta.appendChild(t);
    }
    if (doc.sources && doc.sources.length) {
      if (doc.date) meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(el("bdi", "source", doc.sources.join("، ")));
    }
    li.appendChild(meta);
    var p = el("p", "snippet");
    appendSegments(p, window.arshifSearch.snippet(doc.text, state.words, 30));
    li.appendChild(p);
    return li;
  }

  function showMore(seq) {
    var slice = state.results.slice(state.shown, state.shown + PAGE);
    state.shown += slice.length;
    return Promise.all(
      slice.map(function (r) {
        return engine.doc(r.id);
      })
    ).then(function (docs) {
      if (seq !== state.seq) return;
      docs.forEach(function (doc) {
        list.appendChild(renderResult(doc));
      });
      more.hidden = state.shown >= state.results.length;
    });
  }

  function countText(n) {
    if (n === 0) return "لا نتائج";
    if (n === 1) return "نتيجة واحدة";
    if (n === 2) return "نتيجتان";
    if (n <= 10) return n + " نتائج";
    return n + " نتيجة";
  }

  function statusText(results) {
    if (!state.words.length && !hasFilters()) return "";
    var all = state.words.length;
    var complete = results.filter(function (r) {
      return r.matched === all;
    }).length;
    if (all < 2 || complete === results.length) return countText(results.length);
    return countText(complete) + " بكل الكلمات، و" + countText(results.length - complete) + " ببعضها";
  }

  function hasFilters() {
    return KINDS.some(function (k) {
      return state.filters[k].length > 0;
    });
  }

  function renderFacets(facets) {
    clear(facetsEl);
    if (!facets) return;
    KINDS.forEach(function (kind) {
      var values = facets[kind] || [];
      if (!values.length) return;
      var fs = el("fieldset");
      fs.appendChild(el("legend", null, KIND_LABELS[kind]));
      var ul = el("ul");
      values.slice(0, MAX_VALUES[kind]).forEach(function (v, i) {
        var li = el("li");
        var box = el("input");
        box.type = "checkbox";
        box.id = "facet-" + kind + "-" + i;
        box.value = v.key;
        box.checked = state.filters[kind].indexOf(v.key) >= 0;
        box.addEventListener("change", function () {
          var chosen = state.filters[kind];
          var at = chosen.indexOf(v.key);
          if (box.checked && at < 0) chosen.push(v.key);
          if (!box.checked && at >= 0) chosen.splice(at, 1);
          run(false, box.id);
        });
        var label = el("label", null, kind === "type" ? TYPE_LABELS[v.key] || v.label : v.label);
        label.setAttribute("for", box.id);
        li.appendChild(box);
        li.appendChild(label);
        li.appendChild(el("span", "count", String(v.count)));
        ul.appendChild(li);
      });
      fs.appendChild(ul);
      facetsEl.appendChild(fs);
    });
  }

  function run(prefix, refocus) {
    var seq = ++state.seq;
    writeUrl();
    return engine
      .search(state.q, { prefix: prefix, filters: state.filters })
      .then(function (found) {
        if (seq !== state.seq) return null;
        state.words = found.words;
        state.results = found.results;
        state.shown = 0;
        clear(list);
        status.textContent = statusText(found.results);
        root.setAttribute("data-count", String(found.results.length));
        return showMore(seq).then(function () {
          if (seq !== state.seq) return null;
          root.setAttribute("data-state", "results");
          if (!found.words.length && !hasFilters()) {
            renderFacets(null);
            return null;
          }
          return engine.facets(found.results, state.filters).then(function (facets) {
            if (seq !== state.seq) return;
            renderFacets(facets);
            if (refocus && document.getElementById(refocus)) document.getElementById(refocus).focus();
            root.setAttribute("data-state", "done");
          });
        });
      })
      .catch(function (err) {
        if (seq !== state.seq) return;
        status.textContent = "تعذّر تحميل فهرس البحث.";
        root.setAttribute("data-state", "error");
        if (window.console) window.console.error(err);
      });
  }

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      state.q = input.value;
      run(true);
    }, DEBOUNCE_MS);
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    window.clearTimeout(timer);
    state.q = input.value;
    run(false);
  });

  more.addEventListener("click", function () {
    var focusAt = state.shown;
    showMore(state.seq).then(function () {
      var links = list.querySelectorAll(".search-result h2 a");
      if (links[focusAt]) links[focusAt].focus();
    });
  });

  function resultLinks() {
    return Array.prototype.slice.call(list.querySelectorAll(".search-result h2 a"));
  }

  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") {
      var links = resultLinks();
      if (links.length) {
        e.preventDefault();
        links[0].focus();
      }
    } else if (e.key === "Escape" && input.value) {
      e.preventDefault();
      input.value = "";
      state.q = "";
      run(false);
    }
  });

  list.addEventListener("keydown", function (e) {
    var links = resultLinks();
    var at = links.indexOf(document.activeElement);
    if (at < 0) return;
    if (e.key === "ArrowDown" && at < links.length - 1) {
      e.preventDefault();
      links[at + 1].focus();
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (at > 0) links[at - 1].focus();
      else input.focus();
    } else if (e.key === "Escape") {
      e.preventDefault();
      input.focus();
    }
  });

  document.addEventListener("keydown", function (e) {
    var tag = (document.activeElement && document.activeElement.tagName) || "";
    if (e.key === "/" && tag !== "INPUT" && tag !== "TEXTAREA") {
      e.preventDefault();
      input.focus();
    }
  });

  readUrl();
  input.value = state.q;
  engine.ready().catch(function () {});
  run(false);
})();
