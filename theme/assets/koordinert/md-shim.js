// Material expects these globals from an inline script in its base template.
// Koordinert allows no inline script (CSP) and stores nothing in the browser,
// so they live here and keep their values in memory for this page only.
(function () {
  "use strict";
  var memory = new Map();
  window.__md_scope = new URL(document.currentScript.src + "/../../..", location);
  window.__md_hash = function (value) {
    return Array.from(value).reduce(function (hash, ch) {
      return (hash << 5) - hash + ch.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key) {
    return memory.has(key) ? JSON.parse(memory.get(key)) : null;
  };
  window.__md_set = function (key, value) {
    memory.set(key, JSON.stringify(value));
  };
})();
