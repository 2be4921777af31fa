// @ts-check
// Progressive enhancement for ordinary pages. Everything works without it.
(function () {
  "use strict";

  // The municipality directory: a filter box over the plain list.
  /** @param {Element} root */
  function enhanceDirectory(root) {
    var filter = /** @type {HTMLElement | null} */ (root.querySelector("[data-k-filter]"));
    const input = /** @type {HTMLInputElement | null} */ (root.querySelector("#k-filter"));
    const status = root.querySelector("#k-filter-status");
    /** @type {HTMLElement[]} */
    var items = Array.prototype.slice.call(root.querySelectorAll("li[data-k-search]"));
    if (!filter || !input || !status) return;
    filter.hidden = false;
    // const, and a function expression after the check: TypeScript then
    // knows that input and status are not null in it.
    var update = function () {
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      items.forEach(function (item) {
        var match = !query || (item.getAttribute("data-k-search") || "").indexOf(query) !== -1;
        item.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = shown === 0
        ? status.getAttribute("data-k-none")
        : shown + " " + status.getAttribute("data-k-count-label");
    };
    input.addEventListener("input", update);
  }

  // Download on intent: a page other than the checker loads nothing of
  // Pyodide until the visitor points at, focuses or touches a link to the
  // checker (its page is .../sjekk/ in every language; not the static flow
  // under it). Then the browser is asked to fetch Pyodide's runtime into its
  // cache at low priority (<link rel="prefetch">, same site), so that the
  // checker page starts Python sooner. Not on a 2G link or with data saving
  // on. The runtime's folder is on [data-k-pyodide] (theme/main.html).
  var PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
    "pyodide-lock.json"];
  function warmOnIntent() {
    var holder = document.querySelector("[data-k-pyodide]");
    if (!holder || !document.head) return;
    var folder = new URL(holder.getAttribute("data-k-pyodide") || "", location.href);
    var done = false;
    /** @param {EventTarget | null} target */
    function toChecker(target) {
      var a = target instanceof Element ? target.closest("a[href]") : null;
      if (!(a instanceof HTMLAnchorElement)) return false;
      var url = new URL(a.href, location.href);
      return url.origin === location.origin && /\/sjekk\/(index\.html)?$/.test(url.pathname);
    }
    /** @param {Event} event */
    function intent(event) {
      if (done || !toChecker(event.target)) return;
      done = true;
      var link = navigator.connection;
      if (link && (link.saveData || /2g/.test(String(link.effectiveType)))) return;
      PYODIDE_FILES.forEach(function (name) {
        var hint = document.createElement("link");
        hint.rel = "prefetch";
        hint.href = new URL(name, folder).href;
        document.head.appendChild(hint);
      });
    }
    ["pointerover", "focusin", "touchstart"].forEach(function (type) {
      document.addEventListener(type, intent, { capture: true, passive: true });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-k-directory]"), enhanceDirectory);
    warmOnIntent();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
