// Loaded in the <head> of a checker page: starts the checker's Web Worker
// (and so Pyodide's download and start-up) before the page body is parsed.
// checker-page.js takes the worker over, with any message that came first.
(function () {
  "use strict";
  var script = document.currentScript;
  if (typeof Worker === "undefined" || typeof WebAssembly === "undefined") return;
  var boot = { worker: null, early: [], error: null };
  try {
    boot.worker = new Worker(new URL(script.getAttribute("data-k-worker"), location.href), { type: "module" });
  } catch (error) {
    boot.error = String(error);
    window.__koordinertBoot = boot;
    return;
  }
  boot.worker.onmessage = function (event) { boot.early.push(event); };
  boot.worker.onerror = function (event) { boot.error = event.message || "worker error"; };
  boot.worker.postMessage({ type: "boot", indexURL: new URL(script.getAttribute("data-k-pyodide"), location.href).href });
  window.__koordinertBoot = boot;
})();
