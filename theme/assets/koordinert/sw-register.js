// Registers the checker's service worker (sw.js at the site's root), on the
// checker page only, once Python is ready: installing it downloads the
// Pyodide files a second time (revalidated), which should not slow the first
// start. The worker's scope is the site's root, the folder above pyodide/.
// Nothing happens where service workers are unavailable or sw.js is missing.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var root = document.querySelector("[data-k-checker]");
  var pyodide = root && root.getAttribute("data-k-pyodide");
  if (!pyodide || !window.koordinertChecker) return;
  var site = new URL("../", new URL(pyodide, location.href));
  function register() {
    navigator.serviceWorker.register(new URL("sw.js", site).href, { scope: site.pathname })
      .catch(function () { /* offline use is a bonus: the checker works without it */ });
  }
  window.koordinertChecker.ready.then(register, function () {});
})();
