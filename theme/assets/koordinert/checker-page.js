// Takes over the checker's worker (started by checker-boot.js) and offers
// window.koordinertChecker.ask(request, onWait) -> Promise of the engine's
// response.
//
// Until Python is ready, ask() answers from what the build prepared with the
// same engine (sjekk/instant.json and instant-dates.json, read by
// checker-instant.js): no click waits for Python to start. What the build did
// not prepare (a date outside its window, another day's rules) waits for
// Python: then onWait() is called once, so the page can say it is working.
// Once Python is ready every request goes to it; the answers are the same
// (tests/checker/test_instant.py). If Python cannot start, the page says so
// once and goes on answering from the prepared data.
(function () {
  "use strict";
  var root = document.querySelector("[data-k-checker]");
  if (!root) return;
  var status = root.querySelector("[data-k-status]");
  var pending = new Map();
  var nextId = 1;
  var state = "loading";
  var readyResolve, readyReject;
  var ready = new Promise(function (resolve, reject) { readyResolve = resolve; readyReject = reject; });
  ready.catch(function () {});
  var worker = null;

  function say(key) { if (status) status.textContent = status.getAttribute(key); }

  // --- the build's answers ---------------------------------------------
  function here(attr) { return new URL(root.getAttribute(attr), location.href).href; }
  var instant = root.hasAttribute("data-k-instant-module")
    ? import(here("data-k-instant-module")).catch(function () { return null; })
    : Promise.resolve(null);
  var tables = { flow: null, dates: null };
  var loads = {};
  function load(kind) {
    var attr = kind === "flow" ? "data-k-instant" : "data-k-instant-dates";
    if (!loads[kind]) {
      loads[kind] = !root.hasAttribute(attr) ? Promise.resolve(null) : fetch(here(attr)).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).then(function (table) { tables[kind] = table; return table; }, function () {
        delete loads[kind];  // the next request tries again
        return null;
      });
    }
    return loads[kind];
  }
  load("flow");
  // The date tables are not needed for the first question: fetched once the
  // page has painted, or at once by the first request that needs them.
  window.requestAnimationFrame(function () { window.setTimeout(function () { load("dates"); }, 0); });

  function needs(request) {
    if (request.command !== "flow.route") return ["dates"];
    return request.answers && request.answers.child_birth_date !== undefined ? ["flow", "dates"] : ["flow"];
  }

  // --- the worker ------------------------------------------------------
  function live(request) {
    return new Promise(function (resolve) {
      var id = nextId++;
      pending.set(id, resolve);
      worker.postMessage({ type: "ask", id: id, request: request });
    });
  }

  function fail(reason) {
    if (state === "failed") return;
    state = "failed";
    root.setAttribute("data-k-state", "failed");
    root.setAttribute("data-k-failure", String(reason).slice(0, 200));
    say("data-k-failed");
    root.querySelectorAll("[data-k-fallback]").forEach(function (n) { n.hidden = false; });
    readyReject(new Error(reason));
  }

  function onMessage(event) {
    var message = event.data;
    if (message.type === "ready") {
      state = "ready";
      root.setAttribute("data-k-state", "ready");
      root.setAttribute("data-k-python", message.version);
      root.removeAttribute("data-k-waiting");
      readyResolve(message.version);
    } else if (message.type === "failed") {
      fail(message.reason);
    } else if (message.type === "answer") {
      var resolve = pending.get(message.id);
      pending.delete(message.id);
      if (resolve) resolve(JSON.parse(message.response));
    }
  }

  var timeout = Number(root.getAttribute("data-k-timeout") || 120000);
  root.setAttribute("data-k-state", "loading");
  var boot = window.__koordinertBoot;
  if (typeof Worker === "undefined" || typeof WebAssembly === "undefined") {
    fail("unsupported");
  } else if (boot && boot.error) {
    fail(boot.error);
  } else {
    worker = boot && boot.worker;
    if (!worker) {
      try {
        worker = new Worker(here("data-k-worker"), { type: "module" });
        worker.postMessage({ type: "boot", indexURL: here("data-k-pyodide") });
      } catch (error) {
        fail(String(error));
      }
    }
    if (worker) {
      worker.onerror = function (event) { fail(event.message || "worker error"); };
      worker.onmessage = onMessage;
      if (boot) boot.early.splice(0).forEach(onMessage);
      window.setTimeout(function () { if (state === "loading") fail("timeout"); }, timeout);
    }
  }

  var UNAVAILABLE = { error: { field: null, code: "unavailable" } };

  window.koordinertChecker = {
    ready: ready,
    state: function () { return state; },
    ask: function (request, onWait) {
      if (state === "ready") return live(request);
      return Promise.all([instant].concat(needs(request).map(load))).then(function (got) {
        var module = got[0];
        var prepared = module && module.answer(tables, request);
        if (prepared) return prepared;
        if (state === "ready") return live(request);
        if (state === "failed") return UNAVAILABLE;
        // Said once, beside the button that waits (onWait), not here as well:
        // two status regions would announce it twice.
        root.setAttribute("data-k-waiting", "");
        if (onWait) onWait();
        return ready.then(function () { return live(request); }, function () { return UNAVAILABLE; });
      });
    }
  };
})();
