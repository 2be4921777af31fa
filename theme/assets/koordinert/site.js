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

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-k-directory]"), enhanceDirectory);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
