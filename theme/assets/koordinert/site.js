// Progressive enhancement for ordinary pages. Everything works without it.
(function () {
  "use strict";

  // The municipality directory: a filter box over the plain list.
  function enhanceDirectory(root) {
    var filter = root.querySelector("[data-k-filter]");
    var input = root.querySelector("#k-filter");
    var status = root.querySelector("#k-filter-status");
    var items = Array.prototype.slice.call(root.querySelectorAll("li[data-k-search]"));
    if (!filter || !input || !status) return;
    filter.hidden = false;
    function update() {
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      items.forEach(function (item) {
        var match = !query || item.getAttribute("data-k-search").indexOf(query) !== -1;
        item.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = shown === 0
        ? status.getAttribute("data-k-none")
        : shown + " " + status.getAttribute("data-k-count-label");
    }
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
