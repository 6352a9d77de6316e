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
     positions. What is not running text (a card's fact box, tables, code, reference lists:
     the element #hb-search-apart, indexed after the text) and the base forms and compound
     parts added for Finnish (#hb-search-terms, last) find pages but are never shown: a page
     found only through them shows the beginning of its text (a card's summary). Pagefind's
     text is HTML-escaped already. */
  var HIDDEN = { "hb-search-apart": true, "hb-search-terms": true };
  var EXCERPT = 24;
  /* Words of the text that are another form of a word of the query (found through the added
     forms): they share all but the last two letters of the shorter one, at least four
     ("sijoitus" for "sijoituksessa", "Porin" for "porissa"). */
  function bare(word) { return word.toLocaleLowerCase().replace(/[^\p{L}\p{N}-]/gu, ""); }
  function alike(words, query) {
    var terms = String(query || "").split(/\s+/).map(bare).filter(function (t) { return t.length >= 4; });
    var out = [];
    words.forEach(function (word, at) {
      var w = bare(word);
      if (w.length < 4) return;
      if (terms.some(function (t) {
        var n = 0, most = Math.min(t.length, w.length);
        while (n < most && t[n] === w[n]) n++;
        return n >= Math.max(4, most - 2);
      })) out.push(at);
    });
    return out;
  }
  function excerpt(data, query) {
    var words = String(data.raw_content || data.content || "").split(/[\r\n\s]+/g);
    var stop = words.length;
    var gaps = [];  /* where a block kept apart was taken out: the words either side are not neighbours */
    (data.anchors || []).forEach(function (a) {
      if (HIDDEN[a.id]) stop = Math.min(stop, a.location);
      else if (/^hb-search-gap-/.test(a.id)) gaps.push(a.location);
    });
    function part(at) {  /* the run of text [from, to) that holds word number at */
      var from = 0, to = stop;
      gaps.forEach(function (g) { if (g <= at) from = Math.max(from, g); else to = Math.min(to, g); });
      return [from, to];
    }
    var hits = (data.locations || []).filter(function (at) { return at < stop; }).sort(function (a, b) { return a - b; });
    if (!hits.length) hits = alike(words.slice(0, stop), query);
    function window(at) {
      var run = part(at), from = Math.max(run[0], at - 6), end = Math.min(run[1], from + EXCERPT);
      return [Math.max(run[0], Math.min(from, end - EXCERPT)), end];
    }
    var span = window(hits.length ? hits[0] : 0), best = -1;
    hits.forEach(function (at) {
      var w = window(at);
      var n = hits.filter(function (h) { return h >= w[0] && h < w[1]; }).length;
      if (n > best) { best = n; span = w; }
    });
    var start = span[0], end = span[1];
    var marked = {};
    hits.forEach(function (at) { marked[at] = true; });
    var out = [];
    for (var i = start; i < end; i++) out.push(marked[i] ? "<mark>" + words[i] + "</mark>" : words[i]);
    return (start > 0 ? "… " : "") + out.join(" ").trim() + (end < stop ? " …" : "");
  }

  function render(items, total, query) {
    list.innerHTML = items.map(function (data) {
      var m = data.meta || {};
      var path = [m.section, m.municipality, m.status].filter(Boolean).map(escapeHtml).join(" · ");
      var href = base + data.url;
      return '<li class="md-search-result__item"><a href="' + escapeHtml(href) + '" class="md-search-result__link" tabindex="-1">' +
        '<article class="md-search-result__article md-typeset"><div class="md-search-result__icon md-icon"></div>' +
        '<h1>' + escapeHtml(m.title || data.url) + '</h1>' +
        (path ? '<p class="hb-search-path">' + path + '</p>' : "") +
        '<p class="hb-search-excerpt">' + excerpt(data, query) + '</p></article></a></li>';
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
        render(first, total, query);
        return Promise.all(top.slice(5).map(function (r) { return r.data(); })).then(function (rest) {
          if (ticket === latest && rest.length) render(first.concat(rest), total, query);
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

  var opener = null, returning = false;  /* see closeAndReturn */
  /* The results show while the toggle is checked (Material's CSS). Clicking, tapping, tabbing
     into or typing in the box opens it; so do "/" and the magnifier. Focus leaving the search
     closes it; the closed results area is hidden (handbook.css), so it is no tab stop. */
  function shown(on) {
    if (toggle.checked !== on) toggle.checked = on;
    if (!on) opener = null;
  }
  /* The control that opened the search gets focus back when Escape closes it: the element that
     had focus when "/" was pressed, the header's magnifier (a phone), else the search box itself
     (tabbed into or clicked), which stays on screen closed on a wide screen. */
  var magnifier = document.querySelector("[data-hb-search-opener]");
  function shows(el) {
    if (!el) return false;
    var r = el.getBoundingClientRect();
    return r.width >= 1 && r.height >= 1 && getComputedStyle(el).visibility !== "hidden";
  }
  function open() {
    shown(true);
    if (document.activeElement !== input) input.focus();
  }
  function close() {
    shown(false);
    input.blur();
  }
  function closeAndReturn() {
    var back = opener && opener !== input && opener !== document.body && opener.isConnected ? opener : null;
    close();
    /* at once, so that a Tab pressed next moves on from there; the magnifier shows only where the
       closed search box does not (a phone) */
    var target = back || (shows(magnifier) ? magnifier : input);
    returning = true;
    target.focus();
    returning = false;
  }
  if (magnifier) magnifier.addEventListener("click", function () { opener = magnifier; });
  toggle.addEventListener("change", function () {
    shown(toggle.checked);
    if (toggle.checked) setTimeout(function () { input.focus(); }, 50);
  });
  input.addEventListener("focus", function () {
    if (returning) return;  /* focus given back by Escape: the search stays closed */
    if (!toggle.checked && !opener) opener = input;
    shown(true);
  });
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
        opener = document.activeElement;
        open();
      }
      return;
    }
    var items = links();
    var index = items.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      closeAndReturn();
    } else if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      items[Math.min(index + 1, items.length - 1)].focus();
    } else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault();
      if (index <= 0) input.focus(); else items[index - 1].focus();
    }
  });
})();
