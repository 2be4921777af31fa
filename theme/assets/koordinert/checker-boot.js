// @ts-check
// Loaded in the <head> of a checker page: starts the checker's Web Worker
// before the page body is parsed, and Pyodide's download and start-up in it
// at once on a fast connection, else once the first question has been painted.
// checker-page.js takes the worker over, with any message that came first.
(function () {
  "use strict";
  // A classic script run as the head is parsed: the browser sets currentScript.
  var script = /** @type {HTMLScriptElement} */ (document.currentScript);
  // An attribute theme/main.html always gives this script (String() as new URL() would do).
  /** @param {string} name */
  function attr(name) { return String(script.getAttribute(name)); }
  if (typeof Worker === "undefined" || typeof WebAssembly === "undefined") return;
  /** @type {KoordinertBoot} */
  var boot = { worker: null, early: [], error: null };
  /** @type {Worker} */
  var worker;
  // Pyodide's download (6 MB compressed) starts at once on a fast
  // connection. On a slow one it starts once the page has painted its first
  // question, which answers from the build's tables without it: the two
  // would otherwise share the bandwidth, and the first question would wait
  // for Pyodide's bytes. Fast: this page's response began within FAST_MS of
  // its request (a round trip and the server; a page from the service
  // worker's cache counts as fast, and then so is Pyodide, from the same
  // cache), and the browser does not report a 2G link or data saving.
  var FAST_MS = 50;
  var indexURL = new URL(attr("data-k-pyodide"), location.href).href;
  var now = fast();
  try {
    // On a fast connection the worker starts Pyodide as soon as it runs:
    // where Pyodide is comes as the worker's name, so it need not wait for
    // this page's message (below, sent all the same), which comes once this
    // page's thread is free of the page. Pyodide's download began about 40 ms
    // sooner (alternating loads, README "Performance"). Not in the worker's
    // address: one the service worker answers loses its #fragment.
    worker = boot.worker = new Worker(new URL(attr("data-k-worker"), location.href),
      { type: "module", name: now ? indexURL : "" });
  } catch (error) {
    boot.error = String(error);
    window.__koordinertBoot = boot;
    return;
  }
  worker.onmessage = function (event) { boot.early.push(event); };
  worker.onerror = function (event) { boot.error = event.message || "worker error"; };
  window.__koordinertBoot = boot;
  function post() {
    worker.postMessage({ type: "boot", indexURL: indexURL });
    setTimeout(release, 10000);  // counted from Pyodide's start
  }
  function start() {
    window.requestAnimationFrame(function () { window.setTimeout(post, 0); });
  }
  /** @returns {boolean} */
  function fast() {
    var link = navigator.connection;
    if (link && (link.saveData || /2g/.test(String(link.effectiveType)))) return false;
    var nav = /** @type {PerformanceNavigationTiming | null | undefined} */ (
      performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null);
    return !!(nav && nav.responseStart > 0 && nav.responseStart - nav.requestStart < FAST_MS);
  }
  if (now) post();
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  // Material's search loads the site's search index as soon as a page starts
  // (an XMLHttpRequest for search/search_index.json) and indexes it in a
  // worker of its own. On the checker page that request waits until Python
  // is ready or has failed (10 s at most), so it does not take the CPU that
  // Pyodide's start needs; search works as before, a few seconds later. Any
  // other request, or an index Material loads some other way, is not held.
  /** @type {(() => void)[]} */
  var held = [];
  var released = false;
  function release() {
    if (released) return;
    released = true;
    held.splice(0).forEach(function (send) { send(); });
  }
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  // Each call passes its own arguments on as they came (open()'s `async`
  // must stay absent when it was): Reflect.apply takes `arguments` as it is.
  /** @param {string} _method @param {string | URL} url */
  XMLHttpRequest.prototype.open = function (_method, url) {
    this.__koordinertHold = /\/search\/search_index\.json$/.test(String(url));
    return Reflect.apply(open, this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (released || !xhr.__koordinertHold) return Reflect.apply(send, xhr, args);
    held.push(function () { Reflect.apply(send, xhr, args); });
  };
  // After checker-page.js's handler (the onmessage set above comes first).
  // <html data-k-python> says what released the request, at once: the page's
  // module, which says the same on the checker itself (data-k-state), may
  // run later than a worker that fails at its start.
  /** @param {string} state */
  function settled(state) {
    document.documentElement.setAttribute("data-k-python", state);
    release();
  }
  worker.addEventListener("message", function (event) {
    var type = event.data && event.data.type;
    if (type === "ready" || type === "failed") settled(type);
  });
  worker.addEventListener("error", function () { settled("failed"); });
})();
