/* Loads the theme's script (Material's bundle, named in data-bundle) when the page needs it, so that a
   phone's first view does not wait for it: on a wide screen at once (its sidebars' heights come from it),
   on a narrow one at the reader's first touch, key, scroll or pointer movement. What the first view needs
   of it is done here at once: the page is marked as one with JavaScript (the search box shows), and the
   dark-mode switch works (as the theme's own script does it, and stored where that script reads it).
   The build puts this script in the place of the theme's (handbook.publish.assets). */
(function () {
  "use strict";
  var me = document.currentScript;
  var bundle = me && me.getAttribute("data-bundle");
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  /* the dark-mode switch until the theme's script has run (then it is the script's) */
  var loaded = false, ran = false;
  var form = document.querySelector("[data-md-component=palette]");
  var inputs = form ? Array.prototype.slice.call(form.querySelectorAll("input")) : [];
  function colour(input) {
    return { media: input.getAttribute("data-md-color-media"), scheme: input.getAttribute("data-md-color-scheme"),
             primary: input.getAttribute("data-md-color-primary"), accent: input.getAttribute("data-md-color-accent") };
  }
  function show(index, store) {
    var color = colour(inputs[index]);
    Object.keys(color).forEach(function (key) { document.body.setAttribute("data-md-color-" + key, color[key]); });
    inputs.forEach(function (input, i) {
      var label = input.nextElementSibling;
      if (label instanceof HTMLElement) label.hidden = i !== index;
    });
    inputs[index].checked = true;
    if (store && window.__md_set) window.__md_set("__palette", { index: index, color: color });
  }
  if (inputs.length) {
    var saved = null;
    try { saved = window.__md_get ? window.__md_get("__palette") : null; } catch (e) { saved = null; }
    var index = saved && typeof saved.index === "number" ? saved.index : inputs.findIndex(function (input) {
      return matchMedia(input.getAttribute("data-md-color-media")).matches;
    });
    show(Math.max(0, Math.min(index, inputs.length - 1)), false);
    inputs.forEach(function (input, i) {
      input.addEventListener("change", function () { if (!ran) show(i, true); });
    });
  }

  /* the theme's script starts on DOMContentLoaded, which has passed when it is loaded: what it
     listens for then is called once it has run */
  var queued = false;
  function load() {
    if (loaded || !bundle) return;
    if (document.readyState === "loading") {  /* the script reads the page's end (#__config): not before it is there */
      if (!queued) document.addEventListener("DOMContentLoaded", load);
      queued = true;
      return;
    }
    loaded = true;
    EVENTS.forEach(function (name) { window.removeEventListener(name, load, true); });
    var waiting = [];
    var script = document.createElement("script");
    document.addEventListener = function (type, listener, options) {
      if (type === "DOMContentLoaded") waiting.push([listener, options]);
      else EventTarget.prototype.addEventListener.call(document, type, listener, options);
    };
    script.onerror = function () { delete document.addEventListener; };  /* the switch stays the loader's */
    script.onload = function () {
      ran = true;
      delete document.addEventListener;
      var event = new Event("DOMContentLoaded");
      waiting.forEach(function (pair) {
        var listener = pair[0];
        if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", listener, pair[1]);
        else if (typeof listener === "function") listener.call(document, event);
        else listener.handleEvent(event);
      });
    };
    script.src = bundle;
    document.body.appendChild(script);
  }
  var EVENTS = ["pointerdown", "pointermove", "touchstart", "keydown", "scroll", "wheel", "focusin"];
  if (window.matchMedia && window.matchMedia("(min-width: 60em)").matches) {
    load();
  } else {
    EVENTS.forEach(function (name) { window.addEventListener(name, load, { capture: true, passive: true }); });
  }
})();
