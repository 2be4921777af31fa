// @ts-check
// Material expects these globals from an inline script in its base template.
// Koordinert allows no inline script (CSP) and stores nothing in the browser,
// so they live here and keep their values in memory for this page only.
(function () {
  "use strict";
  /** @type {Map<string, string>} */
  var memory = new Map();
  var script = /** @type {HTMLScriptElement} */ (document.currentScript);
  window.__md_scope = new URL(script.src + "/../../..", location.href);
  /** @param {string} value */
  window.__md_hash = function (value) {
    return Array.from(value).reduce(function (hash, ch) {
      return (hash << 5) - hash + ch.charCodeAt(0);
    }, 0);
  };
  /** @param {string} key */
  window.__md_get = function (key) {
    var stored = memory.get(key);
    return stored === undefined ? null : JSON.parse(stored);
  };
  /** @param {string} key @param {unknown} value */
  window.__md_set = function (key, value) {
    memory.set(key, JSON.stringify(value));
  };
})();
