/* The handbook's search: Pagefind with one index per language, shown in Material's search box.
   Pagefind itself loads when the search box gets focus; the index of the page's own language
   (<html lang>) is loaded in chunks, as the words typed need them. */
(function () {
  "use strict";

  var root = document.querySelector("[data-hb-search]");
  if (!root) return;
  var toggle = document.getElementById("__search");
  var form = root.querySelector("[data-hb-search-form]");
  var input = root.querySelector("#hb-search-input");
  var list = root.querySelector("#hb-search-results");
  var meta = root.querySelector("#hb-search-meta");
  var config = {};
  try { config = JSON.parse(document.getElementById("__config").textContent); } catch (e) { /* keep defaults */ }
  var base = (config.base || ".").replace(/\/$/, "");
  var pagefind = null;
  var timer = null;
  var latest = 0;

  function load() {
    if (!pagefind) {
      var url = new URL(base + "/pagefind/pagefind.js", document.baseURI).href;
      pagefind = import(url).then(function (module) {
        return module.options({ excerptLength: 22 }).then(function () {
          /* its worker, language metadata and WebAssembly load while the reader types;
             a failure here shows on the first search */
          Promise.resolve(module.init()).catch(function () {});
          return module;
        });
      });
    }
    return pagefind;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  function count(n) {
    if (n === 0) return meta.dataset.none;
    if (n === 1) return meta.dataset.one;
    return meta.dataset.other.replace("#", n);
  }

  /* The excerpt: running text of the page around the words found, from Pagefind's word
     positions. The base forms and compound parts added for Finnish (the element
     #hb-search-terms, last in the indexed text) find pages but are never shown: a page found
     only through them shows the beginning of its text (a card's summary). Pagefind's text is
     HTML-escaped already. */
  var EXCERPT = 24;
  function excerpt(data) {
    var words = String(data.raw_content || data.content || "").split(/[\r\n\s]+/g);
    var stop = words.length;
    (data.anchors || []).forEach(function (a) { if (a.id === "hb-search-terms") stop = Math.min(stop, a.location); });
    var hits = (data.locations || []).filter(function (at) { return at < stop; }).sort(function (a, b) { return a - b; });
    var start = 0, best = -1;
    hits.forEach(function (at) {
      var from = Math.max(0, at - 6);
      var n = hits.filter(function (h) { return h >= from && h < from + EXCERPT; }).length;
      if (n > best) { best = n; start = from; }
    });
    start = Math.max(0, Math.min(start, stop - EXCERPT));
    var end = Math.min(stop, start + EXCERPT);
    var marked = {};
    hits.forEach(function (at) { marked[at] = true; });
    var out = [];
    for (var i = start; i < end; i++) out.push(marked[i] ? "<mark>" + words[i] + "</mark>" : words[i]);
    return (start > 0 ? "… " : "") + out.join(" ").trim() + (end < stop ? " …" : "");
  }

  function render(items, total) {
    list.innerHTML = items.map(function (data) {
      var m = data.meta || {};
      var path = [m.section, m.municipality, m.status].filter(Boolean).map(escapeHtml).join(" · ");
      var href = base + data.url;
      return '<li class="md-search-result__item"><a href="' + escapeHtml(href) + '" class="md-search-result__link" tabindex="-1">' +
        '<article class="md-search-result__article md-typeset"><div class="md-search-result__icon md-icon"></div>' +
        '<h1>' + escapeHtml(m.title || data.url) + '</h1>' +
        (path ? '<p class="hb-search-path">' + path + '</p>' : "") +
        '<p class="hb-search-excerpt">' + excerpt(data) + '</p></article></a></li>';
    }).join("");
    meta.textContent = count(total);
  }

  function search(query) {
    var ticket = ++latest;
    if (query.trim().length < 2) {
      list.innerHTML = "";
      meta.textContent = meta.dataset.initial;
      return;
    }
    load().then(function (pf) { return pf.search(query); }).then(function (result) {
      if (ticket !== latest) return null;
      var top = result.results.slice(0, 10);
      var total = result.results.length;
      /* the first five as soon as their excerpts arrive, then the rest */
      return Promise.all(top.slice(0, 5).map(function (r) { return r.data(); })).then(function (first) {
        if (ticket !== latest) return null;
        render(first, total);
        return Promise.all(top.slice(5).map(function (r) { return r.data(); })).then(function (rest) {
          if (ticket === latest && rest.length) render(first.concat(rest), total);
        });
      });
    }).catch(function (error) {
      meta.textContent = String(error);
    });
  }

  input.addEventListener("input", function () {
    var value = input.value;
    if (value.trim().length >= 2) {  /* start fetching the index chunks while the reader types */
      load().then(function (pf) { return pf.preload(value); }).catch(function () {});
    }
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 80);
  });
  input.addEventListener("focus", load, { once: true });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", function () {
    list.innerHTML = "";
    meta.textContent = meta.dataset.initial;
  });

  /* The results show while the toggle is checked (Material's CSS). Clicking, tapping, tabbing
     into or typing in the box opens it; so do "/" and the magnifier. Focus leaving the search
     closes it; the closed results area is hidden (handbook.css), so it is no tab stop. */
  function shown(on) {
    if (toggle.checked !== on) toggle.checked = on;
  }
  function open() {
    shown(true);
    if (document.activeElement !== input) input.focus();
  }
  function close() {
    shown(false);
    input.blur();
  }
  toggle.addEventListener("change", function () {
    shown(toggle.checked);
    if (toggle.checked) setTimeout(function () { input.focus(); }, 50);
  });
  input.addEventListener("focus", function () { shown(true); });
  input.addEventListener("pointerdown", function () { shown(true); });
  input.addEventListener("input", function () { shown(true); });
  root.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !root.contains(event.relatedTarget) && event.relatedTarget !== toggle) shown(false);
  });
  /* a page restored from the back/forward cache opens with the search and the menu closed */
  window.addEventListener("pageshow", function () {
    shown(document.activeElement === input);
    var drawer = document.getElementById("__drawer");
    if (drawer) drawer.checked = false;
  });

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) || document.activeElement.isContentEditable;
    if (!toggle.checked) {
      if (!typing && (event.key === "/" || event.key === "s" || event.key === "f") && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        open();
      }
      return;
    }
    var items = links();
    var index = items.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      items[Math.min(index + 1, items.length - 1)].focus();
    } else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault();
      if (index <= 0) input.focus(); else items[index - 1].focus();
    }
  });
})();
