// Takes over the checker's worker (started by checker-boot.js), shows its
// progress, and offers window.koordinertChecker.ask(request) -> Promise.
(function () {
  "use strict";
  var root = document.querySelector("[data-k-checker]");
  if (!root) return;
  var status = root.querySelector("[data-k-status]");
  var pending = new Map();
  var nextId = 1;
  var readyResolve, readyReject;
  var ready = new Promise(function (resolve, reject) { readyResolve = resolve; readyReject = reject; });

  function say(key) { if (status) status.textContent = status.getAttribute(key); }

  function fail(reason) {
    root.setAttribute("data-k-state", "failed");
    say("data-k-failed");
    readyReject(new Error(reason));
  }

  if (typeof Worker === "undefined" || typeof WebAssembly === "undefined") {
    fail("unsupported");
    return;
  }
  root.setAttribute("data-k-state", "loading");
  say("data-k-loading");
  // checker-boot.js (in the head) normally started the worker already.
  var boot = window.__koordinertBoot;
  var worker = boot && boot.worker;
  if (boot && boot.error) {
    fail(boot.error);
    return;
  }
  if (!worker) {
    try {
      worker = new Worker(new URL(root.getAttribute("data-k-worker"), location.href), { type: "module" });
    } catch (error) {
      fail(String(error));
      return;
    }
    worker.postMessage({ type: "boot", indexURL: new URL(root.getAttribute("data-k-pyodide"), location.href).href });
  }
  worker.onerror = function (event) { fail(event.message || "worker error"); };
  worker.onmessage = onMessage;
  if (boot) boot.early.splice(0).forEach(onMessage);

  function onMessage(event) {
    var message = event.data;
    if (message.type === "ready") {
      root.setAttribute("data-k-state", "ready");
      root.setAttribute("data-k-python", message.version);
      say("data-k-ready");
      readyResolve(message.version);
    } else if (message.type === "failed") {
      fail(message.reason);
    } else if (message.type === "answer") {
      var resolve = pending.get(message.id);
      pending.delete(message.id);
      if (resolve) resolve(JSON.parse(message.response));
    }
  }

  window.koordinertChecker = {
    ready: ready,
    ask: function (request) {
      return ready.then(function () {
        return new Promise(function (resolve) {
          var id = nextId++;
          pending.set(id, resolve);
          worker.postMessage({ type: "ask", id: id, request: request });
        });
      });
    }
  };
})();
