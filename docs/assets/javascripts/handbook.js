/* Card index: filter and sort the table. Without JavaScript the full table is shown. */
(function () {
  "use strict";

  function text(cell) {
    return (cell.getAttribute("data-sort") || cell.textContent || "").trim().toLocaleLowerCase();
  }

  function makeSortable(table) {
    if (table.dataset.hbReady) return;
    table.dataset.hbReady = "1";
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "hb-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var collator = new Intl.Collator(document.documentElement.lang || "fi", { numeric: true });
        rows.sort(function (a, b) {
          var r = collator.compare(text(a.cells[index]), text(b.cells[index]));
          return ascending ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  /* Text compared without case or accents: "mantsala" finds "Mäntsälä". */
  function fold(value) {
    return String(value || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase();
  }

  /* A word typed into the filter finds a row when the row's text holds it, or when the word less
     a common Finnish case ending is the beginning of a word of the row: "porissa", "porin" and
     "poriin" find Pori, "mäntsälässä" Mäntsälä, "pornaisissa" Pornainen, "helsingissä" Helsinki, "lahdessa" Lahti.
     (Done here rather than with base forms written into the page at build time: it also knows
     place names no page inflects, and costs the page nothing.) */
  var ENDINGS = ["ssa", "sta", "lla", "lta", "lle", "ksi", "na", "seen", "hin", "han", "hen", "hon", "hun",
    "iin", "ineen", "ien", "jen", "iden", "in", "en", "an", "on", "un", "yn", "ta", "a", "n", "t", "e"];
  var STRONG = { ng: "nk", mm: "mp", nn: "nt", ll: "lt", rr: "rt", d: "t", v: "p" };
  function stems(word) {
    var out = [];
    ENDINGS.forEach(function (end) {
      if (word.length - end.length < 3 || word.slice(-end.length) !== end) return;
      var stem = word.slice(0, -end.length);
      out.push(stem);
      var graded = stem.replace(/(ng|mm|nn|ll|rr|d|v)([aeiouy]?)$/, function (m, c, v) { return STRONG[c] + v; });
      if (graded !== stem) out.push(graded);
      if (/e$/.test(graded)) out.push(graded.slice(0, -1) + "i");  /* Lahde- → Lahti */
      var nen = /^(.{3,}?)(?:s|se|si)$/.exec(stem);  /* Pornaisi- → Pornainen */
      if (nen) out.push(nen[1] + "nen");
    });
    return out;
  }
  function matches(words, text, word) {
    if (text.indexOf(word) !== -1) return true;
    return stems(word).some(function (stem) {
      return words.some(function (w) { return w === stem || (stem.length >= 4 && w.indexOf(stem) === 0); });
    });
  }

  function makeFilter(form) {
    if (form.dataset.hbReady) return;
    form.dataset.hbReady = "1";
    var table = form.parentNode.querySelector("table");
    if (!table) return;
    form.hidden = false;
    var count = form.querySelector(".hb-filter__count");
    var none = form.querySelector(".hb-filter__none");
    var caption = table.caption;
    var options = form.querySelector(".hb-filter__options");
    /* on a phone the choices start folded under one button, so the cards come first */
    if (options && window.matchMedia && window.matchMedia("(max-width: 44.9375em)").matches) options.open = false;
    var FIELDS = ["q", "region", "approach", "status", "knowledge"];
    /* the filters' state is kept in the address (?q=…&region=…): a filtered index can be shared,
       and going back to it from a card shows it filtered again */
    function remember() {
      var params = new URLSearchParams(window.location.search);
      FIELDS.forEach(function (name) {
        var field = form.elements[name];
        var value = field ? field.value.trim() : "";
        if (value) params.set(name, value); else params.delete(name);
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        history.replaceState(history.state, "", url);
      }
    }
    function apply() {
      var q = fold((form.elements.q.value || "").trim());
      var terms = q.split(/[\s\-\u2010]+/).filter(Boolean);  /* "etelä-karjalassa": each part of a compound name */
      var region = form.elements.region.value;
      var approach = form.elements.approach.value;
      var status = form.elements.status.value;
      var knowledge = form.elements.knowledge ? form.elements.knowledge.value : "";
      var rows = table.tBodies[0].rows;
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        if (!row.hbWords) {  /* the cells' text, cell by cell (textContent runs them together) */
          row.hbText = fold(Array.prototype.map.call(row.cells, function (c) { return c.textContent; }).join(" "));
          row.hbWords = row.hbText.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
        }
        var text = row.hbText, words = row.hbWords;
        var ok = terms.every(function (term) { return matches(words, text, term); }) &&
          (!region || row.dataset.region === region) &&
          (!status || row.dataset.status === status) &&
          (!knowledge || row.dataset.knowledge === knowledge) &&
          (!approach || (" " + row.dataset.approaches + " ").indexOf(" " + approach + " ") !== -1);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) {
        count.textContent = count.dataset.template.replace("{shown}", shown).replace("{total}", rows.length);
      }
      if (caption && caption.dataset.other) {
        caption.textContent = shown === 1 ? caption.dataset.one : caption.dataset.other.replace("{n}", shown);
      }
      if (none) none.hidden = shown !== 0;
      showActive();
    }
    /* the choices in force, named ("Maakunta: Satakunta"), outside the folded panel, and counted on
       the panel's own button */
    var active = form.querySelector(".hb-filter__active");
    var summary = options && options.querySelector("summary");
    var summaryText = summary ? summary.textContent : "";
    function showActive() {
      var on = Array.prototype.filter.call(form.querySelectorAll("select"), function (s) { return s.value; });
      if (active) {
        active.querySelector("[data-hb-filter-active]").textContent = on.map(function (s) {
          var label = s.closest("label") ? s.closest("label").firstChild.textContent.trim() : s.name;
          return label + ": " + s.options[s.selectedIndex].text;
        }).join("; ");
        active.hidden = on.length === 0;
      }
      if (summary) summary.textContent = summaryText + (on.length ? " (" + on.length + ")" : "");
    }
    function update() { apply(); remember(); }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("reset", function () { setTimeout(update, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    new URLSearchParams(window.location.search).forEach(function (value, name) {  /* ?q=…, ?knowledge=…, ?region=… */
      var field = form.elements[name];
      if (!field || FIELDS.indexOf(name) === -1) return;
      if (field.tagName === "INPUT") field.value = value;
      else if (field.tagName === "SELECT" && field.querySelector('option[value="' + CSS.escape(value) + '"]')) field.value = value;
    });
    apply();
  }

  /* Tables that a phone shows as blocks (the key figures): each cell gets its column's heading
     as data-label, which the style sheet shows before the value. */
  function labelCells(table) {
    if (table.dataset.hbLabelled || !table.tHead) return;
    table.dataset.hbLabelled = "1";
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim(); });
    Array.prototype.forEach.call(table.tBodies[0] ? table.tBodies[0].rows : [], function (row) {
      Array.prototype.forEach.call(row.cells, function (cell, index) {
        if (!cell.hasAttribute("data-label") && heads[index]) cell.setAttribute("data-label", heads[index]);
      });
    });
  }

  /* Citation and glossary pop-ups: a citation link is described by its entry in the page's
     references list, a glossary term by its definition (aria-describedby); on hover, keyboard
     focus or a tap that entry is shown next to the link. A first tap on a touch screen opens the
     pop-up and stays on the page; a second tap follows the link. The pop-up opens above the link
     when there is no room below, and never runs off the side of the screen. Escape hides it
     (WCAG 1.4.13); without JavaScript the link jumps to the entry. */
  var pop = null, popFor = null, lastPointer = "mouse", openBeforeTap = false;
  var POPPING = "a.hb-cite, a.hb-term";
  function hidePop() {
    if (pop) { pop.remove(); pop = null; popFor = null; }
  }
  function place(link) {
    var room = 8, box = pop.getBoundingClientRect(), at = link.getBoundingClientRect();
    var dx = 0, dy = 0;
    if (box.right > window.innerWidth - room) dx = window.innerWidth - room - box.right;
    if (box.left + dx < room) dx = room - box.left;
    if (box.bottom > window.innerHeight - room && at.top - box.height - room > 0) {
      dy = at.top - room / 2 - box.height - box.top;
      pop.classList.add("hb-cite-pop--above");
    }
    if (dx || dy) pop.style.setProperty("transform", "translate(" + Math.round(dx) + "px, " + Math.round(dy) + "px)");
  }
  function showPop(link) {
    if (popFor === link) return;
    var id = link.getAttribute("aria-describedby");
    var entry = id && document.getElementById(id);
    if (!entry) return;
    hidePop();
    pop = document.createElement("span");
    pop.className = "hb-cite-pop";
    pop.setAttribute("role", "tooltip");
    pop.setAttribute("aria-hidden", "true"); /* the entry itself already describes the link */
    var clone = entry.cloneNode(true);
    clone.querySelectorAll("a, .hb-ref-bib").forEach(function (a) {
      if (a.classList.contains("hb-ref-bib")) a.remove(); else a.replaceWith(document.createTextNode(a.textContent));
    });
    pop.innerHTML = clone.innerHTML;
    link.insertAdjacentElement("afterend", pop);
    popFor = link;
    place(link);
  }
  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType || "mouse";
    var link = event.target.closest && event.target.closest(POPPING);
    openBeforeTap = !!link && popFor === link;
    if (!link && !(pop && pop.contains(event.target))) hidePop();
  }, true);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(POPPING);
    if (!link || lastPointer === "mouse" || openBeforeTap) return;
    event.preventDefault(); /* a tap shows the definition; a second tap follows the link */
    showPop(link);
    openBeforeTap = true;
  });
  document.addEventListener("mouseover", function (event) {
    if (lastPointer !== "mouse") return;
    var link = event.target.closest && event.target.closest(POPPING);
    if (link) showPop(link);
  });
  document.addEventListener("mouseout", function (event) {
    if (lastPointer !== "mouse") return;
    var link = event.target.closest && event.target.closest(POPPING);
    if (link && !link.contains(event.relatedTarget)) hidePop();
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(POPPING)) showPop(event.target);
    else if (lastPointer === "mouse") hidePop();
  });
  document.addEventListener("focusout", function (event) {
    if (lastPointer === "mouse" && event.target.matches && event.target.matches(POPPING)) hidePop();
  });
  document.addEventListener("keydown", function (event) {
    lastPointer = "mouse"; /* the keyboard behaves as with a mouse */
    if (event.key === "Escape") hidePop();
  });

  /* A link whose text is its own address is marked, so print does not add the address twice. */
  function markBareUrls() {
    document.querySelectorAll('.md-typeset a[href^="http"]:not(.hb-bare-url)').forEach(function (a) {
      var text = a.textContent.trim().replace(/\/$/, ""), href = a.getAttribute("href").replace(/\/$/, "");
      if (text === href || "https://" + text === href || "http://" + text === href) a.classList.add("hb-bare-url");
    });
  }

  /* The language switch keeps the reader's place. Ids the same in both languages (glossary
     terms, references) are kept as they are; a section heading, whose id is a word of its own
     language, is found on the other page by its position among the headings of its level. */
  var PLACE = "hb-language-switch-section";
  function sectionHeadings(level) {
    return Array.prototype.slice.call(document.querySelectorAll("article " + level + "[id]"));
  }
  /* the section the reader is in: the address's anchor while it is on screen, else the last
     heading in the top third of the window or above it */
  function currentSection() {
    var named = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (named) {
      var top = named.getBoundingClientRect().top;
      if (top >= 0 && top < window.innerHeight) return named;
    }
    var last = null;
    document.querySelectorAll("article h2[id], article h3[id]").forEach(function (h) {
      if (h.getBoundingClientRect().top <= window.innerHeight / 3) last = h;
    });
    return last;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (!link || link.hreflang === document.documentElement.lang) return;
    var target = currentSection();
    /* the card index's filters (?q=…&region=…) are the same in every language: kept */
    var keep = document.querySelector("form[data-hb-filter]") ? location.search : "";
    if (!target && !keep) return;
    if (target && /^H[2-6]$/.test(target.tagName)) {
      try {
        sessionStorage.setItem(PLACE, JSON.stringify({ level: target.tagName.toLowerCase(),
          index: sectionHeadings(target.tagName.toLowerCase()).indexOf(target) }));
      } catch (e) { /* private mode: the anchor alone */ }
    }
    event.preventDefault();
    event.stopPropagation(); /* Material's own handler would go to the page without the section */
    location.href = link.href.split("#")[0].split("?")[0] + keep + (target ? "#" + target.id : "");
  }, true);
  function arrive() {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(PLACE) || "null"); sessionStorage.removeItem(PLACE); } catch (e) { saved = null; }
    if (!saved || (location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1))))) return;
    var heading = sectionHeadings(saved.level)[saved.index];
    if (heading) {
      history.replaceState(null, "", "#" + heading.id);
      heading.scrollIntoView();
    }
  }

  /* A button that opens the search (the 404 page's): the same as tapping the magnifier, then typing. */
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-hb-open-search]");
    if (!opener) return;
    var toggle = document.getElementById("__search"), input = document.getElementById("hb-search-input");
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    if (input) input.focus();
  });

  /* The phone's menu button (a label of the drawer's checkbox) works from the keyboard: Enter or Space
     opens the drawer and moves focus into it; Escape closes it and gives focus back to the button. */
  function drawerLinks() {
    return Array.prototype.filter.call(document.querySelectorAll(".md-sidebar--primary a[href], .md-sidebar--primary label[tabindex]"),
      function (e) { return e.getClientRects().length && getComputedStyle(e).visibility === "visible"; });
  }
  document.addEventListener("keydown", function (event) {
    var drawer = document.getElementById("__drawer");
    var opener = event.target.closest && event.target.closest("[data-hb-drawer-opener]");
    if (opener && drawer && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      event.stopPropagation();  /* Material's own Enter handler would click the label: a second toggle */
      drawer.checked = !drawer.checked;
      drawer.dispatchEvent(new Event("change"));
      if (drawer.checked) setTimeout(function () { var first = drawerLinks()[0]; if (first) first.focus(); }, 50);
    } else if (event.key === "Escape" && drawer && drawer.checked) {
      drawer.checked = false;
      drawer.dispatchEvent(new Event("change"));
      var button = document.querySelector("[data-hb-drawer-opener]");
      if (button) button.focus();
    }
  }, true);

  /* A code block or a table wider than the screen scrolls sideways: it takes focus, so the keyboard can
     scroll it too (a box that holds a link or another tab stop already can) */
  function focusableCode() {
    document.querySelectorAll(".md-typeset pre > code:not([tabindex]), .md-typeset__scrollwrap:not([tabindex]), .md-typeset table:not([tabindex])").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1 && !box.querySelector("a[href], button, input, select, [tabindex]")) box.setAttribute("tabindex", "0");
    });
  }

  function init() {
    markBareUrls();
    focusableCode();
    arrive();
    document.querySelectorAll("table[data-hb-sortable]").forEach(makeSortable);
    document.querySelectorAll("form[data-hb-filter]").forEach(makeFilter);
    document.querySelectorAll("table.hb-facts-table").forEach(labelCells);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); /* Material's instant navigation */
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
