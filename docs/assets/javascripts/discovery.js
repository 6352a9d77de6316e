/* A card's print button: shown only where JavaScript runs (the browser's own print works without it). */
(function () {
  function ready() {
    document.querySelectorAll(".hb-print[hidden]").forEach(function (box) {
      box.hidden = false;
      box.querySelector("button").addEventListener("click", function () { window.print(); });
    });
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(ready);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
