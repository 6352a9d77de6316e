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
  /* Ranking: the handbook weighs a page's parts itself when it indexes them (a card's or research
     summary's title and lead most, an overview page's words least: handbook/publish/search.py), so
     the title gets no extra boost of its own (metaWeights); a long card is not pushed down by its
     length as much as Pagefind's default (pageLength 0.75) would; a word as typed counts more than a
     longer word it begins (termSimilarity). */
  var RANKING = { pageLength: 0.3, termSimilarity: 3, metaWeights: { title: 0 } };
  /* The page opened from a result highlights the words found (Pagefind's highlight script): the result's
     address carries them in this parameter. */
  var HIGHLIGHT = "hl";

  function load() {
    if (!pagefind) {
      var url = new URL(base + "/pagefind/pagefind.js", document.baseURI).href;
      pagefind = import(url).then(function (module) {
        return module.options({ excerptLength: 22, ranking: RANKING, highlightParam: HIGHLIGHT }).then(function () {
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
  /* A word of the excerpt marked: the letters and digits, not the punctuation or quotes around them
     ("<mark>tiimissä</mark>," not "<mark>tiimissä,</mark>"); the text is HTML-escaped, so an entity
     (&quot;) counts as punctuation. */
  var EDGE = "(?:[^\\p{L}\\p{N}&]|&[a-z]+;|&#\\d+;)*";
  var PARTS = new RegExp("^(" + EDGE + ")(.*?)(" + EDGE + ")$", "u");
  function marked(word) {
    var m = PARTS.exec(word);
    return m && m[2] ? m[1] + "<mark>" + m[2] + "</mark>" + m[3] : word;
  }
  /* The words found on the page (the words at the hits, punctuation left out, entities read): what the
     page opened from the result highlights, besides the words typed. */
  var WORD = /^[\p{L}\p{N}]+(?:[-:'’][\p{L}\p{N}]+)*$/u;  /* a word, not an address or code */
  function found(data, query) {
    var words = String(data.raw_content || data.content || "").split(/[\r\n\s]+/g);
    var stop = words.length;
    (data.anchors || []).forEach(function (a) { if (a.id === "hb-search-terms") stop = Math.min(stop, a.location); });
    var text = document.createElement("textarea");
    var out = [];
    (data.locations || []).forEach(function (at) {
      if (at >= stop) return;
      var m = PARTS.exec(words[at] || "");
      if (!m || !m[2]) return;
      text.innerHTML = m[2];
      if (WORD.test(text.value) && out.indexOf(text.value) === -1) out.push(text.value);
    });
    return out.slice(0, 12);
  }
  function address(data, query) {
    var url = new URL(base + data.url, document.baseURI);
    var typed = url.searchParams.getAll(HIGHLIGHT);
    found(data, query).forEach(function (word) {
      if (typed.indexOf(word) === -1) url.searchParams.append(HIGHLIGHT, word);
    });
    return url.href;
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
    var hit = {};
    hits.forEach(function (at) { hit[at] = true; });
    var out = [];
    for (var i = start; i < end; i++) out.push(hit[i] ? marked(words[i]) : words[i]);
    return (start > 0 ? "… " : "") + out.join(" ").trim() + (end < stop ? " …" : "");
  }

  function render(items, total, query) {
    list.innerHTML = items.map(function (data) {
      var m = data.meta || {};
      var path = [m.section, m.municipality, m.status].filter(Boolean).map(escapeHtml).join(" · ");
      var href = address(data, query);
      return '<li class="md-search-result__item"><a href="' + escapeHtml(href) + '" class="md-search-result__link" tabindex="-1">' +
        '<article class="md-search-result__article md-typeset"><div class="md-search-result__icon md-icon"></div>' +
        '<h1>' + escapeHtml(m.title || data.url) + '</h1>' +
        (path ? '<p class="hb-search-path">' + path + '</p>' : "") +
        '<p class="hb-search-excerpt">' + excerpt(data, query) + '</p></article></a></li>';
    }).join("");
    meta.textContent = count(total);
    list.setAttribute("data-query", query);  /* which query the list shows (the tests wait for it) */
  }

  function search(query) {
    var ticket = ++latest;
    if (query.trim().length < 2) {
      list.innerHTML = "";
      list.removeAttribute("data-query");
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

  /* The page opened from a search result: the words found are highlighted in its text (not in what the
     search leaves out: navigation, hidden definitions), and the first one is scrolled to unless the
     address names a place of its own. Pagefind's highlight script loads only then. */
  if (new URLSearchParams(location.search).has(HIGHLIGHT)) {
    var article = document.querySelector("article");
    if (article) {
      import(new URL(base + "/pagefind/pagefind-highlight.js", document.baseURI).href).then(function (module) {
        var Highlight = module.default || window.PagefindHighlight;
        new Highlight({
          highlightParam: HIGHLIGHT, markContext: article, addStyles: false,
          markOptions: { className: "hb-highlight", exclude: ["[data-pagefind-ignore]", "[data-pagefind-ignore] *", "[hidden]", "[hidden] *"],
                         accuracy: { value: "exactly", limiters: ",.;:!?()[]{}\"'«»”’–—…/".split("") } }
        });
        var first = article.querySelector("mark.hb-highlight");
        if (first && !location.hash) first.scrollIntoView({ block: "center" });
      }).catch(function () {});
    }
  }
})();
