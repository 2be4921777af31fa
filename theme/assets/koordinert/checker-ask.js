// @ts-check
// The checker's worker protocol: takes over the Web Worker that
// checker-boot.js started in the page's <head> (with any message that came
// before this module ran) and offers ask(request, onWait) -> Promise of the
// engine's response.
//
// Until Python is ready, ask() answers from what the build prepared with the
// same engine (sjekk/instant.json and instant-dates.json, read by
// checker-instant.js): no click waits for Python to start. What the build did
// not prepare (a date outside its window, another day's rules) waits for
// Python: then onWait() is called once, so the page can say it is working.
// Once Python is ready every request goes to it; the answers are the same
// (tests/checker/test_instant.py). If Python cannot start (no Worker or
// WebAssembly, a worker error, a failed start, a timeout), the page says so
// once and goes on answering from the prepared data.
//
// Messages from the worker (checker-worker.js): {type: "ready", version},
// {type: "failed", reason}, {type: "answer", id, response}; to it:
// {type: "boot", indexURL} (only if checker-boot.js did not start it) and
// {type: "ask", id, request}.

import { afterNextPaint } from "./checker-dom.js";

/** @typedef {{[key: string]: any}} Json */
/** @typedef {"loading" | "ready" | "failed"} State */
/**
 * What the page's modules and checker-letters.js use.
 * @typedef {Object} Checker
 * @property {Promise<string>} ready  Python's version once ready; rejected if it cannot start
 * @property {() => State} state
 * @property {(request: Json, onWait?: () => void) => Promise<Json>} ask
 * @property {PageHooks} [page]  set by checker-page.js
 */
/**
 * For the letters (checker-letters.js): the answers' results and the
 * municipality chosen, read when a letter is written; nothing more is shared.
 * @typedef {Object} PageHooks
 * @property {() => ({results: Json, as_of: string, answers: Json} | null)} results
 * @property {() => string} municipality
 * @property {() => Promise<Json | null>} municipalities
 */
/** @typedef {typeof import("./checker-instant.js")} InstantModule */
/** @typedef {import("./checker-instant.js").FlowTable} FlowTable */
/** @typedef {import("./checker-instant.js").DatesTable} DatesTable */

const UNAVAILABLE = { error: { field: null, code: "unavailable" } };

/**
 * Connects the page (`root`, the element with data-k-checker) to the engine.
 * @param {HTMLElement} root @param {KoordinertBoot | undefined} boot  window.__koordinertBoot
 * @returns {Checker}
 */
export function connect(root, boot) {
  const status = root.querySelector("[data-k-status]");
  /** @type {Map<number, (response: Json) => void>} */
  const pending = new Map();
  let nextId = 1;
  /** @type {State} */
  let state = "loading";
  /** @type {(version: string) => void} */
  let readyResolve = () => {};
  /** @type {(error: Error) => void} */
  let readyReject = () => {};
  /** @type {Promise<string>} */
  const ready = new Promise((resolve, reject) => { readyResolve = resolve; readyReject = reject; });
  ready.catch(() => {});
  /** @type {Worker | null} */
  let worker = null;

  /** @param {string} key */
  function say(key) { if (status) status.textContent = status.getAttribute(key); }

  // --- the build's answers ---------------------------------------------
  /** @param {string} attr */
  function here(attr) { return new URL(root.getAttribute(attr) || "", location.href).href; }
  /** @type {Promise<InstantModule | null>} */
  const instant = root.hasAttribute("data-k-instant-module")
    ? import(here("data-k-instant-module")).catch(() => null)
    : Promise.resolve(null);
  /** @type {{flow: FlowTable | null, dates: DatesTable | null}} */
  const tables = { flow: null, dates: null };
  /** @type {{[kind: string]: Promise<FlowTable | DatesTable | null>}} */
  const loads = {};
  /** @param {"flow" | "dates"} kind @returns {Promise<FlowTable | DatesTable | null>} */
  function load(kind) {
    const attr = kind === "flow" ? "data-k-instant" : "data-k-instant-dates";
    if (!loads[kind]) {
      loads[kind] = !root.hasAttribute(attr) ? Promise.resolve(null) : fetch(here(attr)).then((r) => {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).then((table) => { tables[kind] = table; return /** @type {FlowTable | DatesTable} */ (table); }, () => {
        delete loads[kind];  // the next request tries again
        return null;
      });
    }
    return loads[kind];
  }
  load("flow");
  // The date tables are not needed for the first question: fetched once the
  // page has painted, or at once by the first request that needs them.
  afterNextPaint(() => { load("dates"); });

  /** @param {Json} request @returns {("flow" | "dates")[]} */
  function needs(request) {
    if (request.command !== "flow.route") return ["dates"];
    return request.answers && request.answers.child_birth_date !== undefined ? ["flow", "dates"] : ["flow"];
  }

  // --- the worker ------------------------------------------------------
  /** @param {Json} request @returns {Promise<Json>} */
  function live(request) {
    return new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      /** @type {Worker} */ (worker).postMessage({ type: "ask", id, request });
    });
  }

  /** @param {string} reason */
  function fail(reason) {
    if (state === "failed") return;
    state = "failed";
    root.setAttribute("data-k-state", "failed");
    root.setAttribute("data-k-failure", String(reason).slice(0, 200));
    say("data-k-failed");
    root.querySelectorAll("[data-k-fallback]").forEach((n) => { /** @type {HTMLElement} */ (n).hidden = false; });
    readyReject(new Error(reason));
  }

  /** @param {MessageEvent} event */
  function onMessage(event) {
    const message = event.data;
    if (message.type === "ready") {
      state = "ready";
      root.setAttribute("data-k-state", "ready");
      root.setAttribute("data-k-python", message.version);
      root.removeAttribute("data-k-waiting");
      readyResolve(message.version);
    } else if (message.type === "failed") {
      fail(message.reason);
    } else if (message.type === "answer") {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      if (resolve) resolve(JSON.parse(message.response));
    }
  }

  const timeout = Number(root.getAttribute("data-k-timeout") || 120000);
  root.setAttribute("data-k-state", "loading");
  if (typeof Worker === "undefined" || typeof WebAssembly === "undefined") {
    fail("unsupported");
  } else if (boot && boot.error) {
    fail(boot.error);
  } else {
    worker = boot ? boot.worker : null;
    if (!worker) {
      try {
        worker = new Worker(here("data-k-worker"), { type: "module" });
        worker.postMessage({ type: "boot", indexURL: here("data-k-pyodide") });
      } catch (error) {
        fail(String(error));
      }
    }
    if (worker) {
      worker.onerror = (event) => { fail(event.message || "worker error"); };
      worker.onmessage = onMessage;
      if (boot) boot.early.splice(0).forEach(onMessage);
      window.setTimeout(() => { if (state === "loading") fail("timeout"); }, timeout);
    }
  }

  return {
    ready,
    state: () => state,
    ask(request, onWait) {
      if (state === "ready") return live(request);
      return Promise.all([instant, ...needs(request).map(load)]).then(([module]) => {
        const prepared = module && module.answer(tables, request);
        if (prepared) return prepared;
        if (state === "ready") return live(request);
        if (state === "failed") return UNAVAILABLE;
        // Said once, beside the button that waits (onWait), not here as well:
        // two status regions would announce it twice.
        root.setAttribute("data-k-waiting", "");
        if (onWait) onWait();
        return ready.then(() => live(request), () => UNAVAILABLE);
      });
    }
  };
}
