// @ts-check
// The checker's Python runs here, in a module Web Worker, so the page never
// blocks. Messages in: {type: "boot", indexURL} and {type: "ask", id, request}
// (a JSON request for checker.api.handle); a worker named with Pyodide's
// folder starts at once, before its "boot" message. Messages out: {type: "progress",
// step}, {type: "ready", version}, {type: "answer", id, response} and
// {type: "failed", reason}. Nothing leaves the browser.
/** @type {import("pyodide").PyodideAPI | null} */
let pyodide = null;
/** checker.api.handle: a JSON request in, a JSON response out. @type {((request: string) => string) | null} */
let handle = null;

/** What the worker reports of an error: its message, else the error itself. @param {unknown} error */
function reason(error) {
  return String(error && /** @type {{message?: unknown}} */ (error).message || error);
}

/** Our pyodide-lock.json, fetched once: for Pyodide and for the checker wheel's entry.
 * @param {string} indexURL @returns {Promise<import("pyodide").Lockfile>} */
async function fetchLock(indexURL) {
  const response = await fetch(indexURL + "pyodide-lock.json");
  if (!response.ok) throw new Error("pyodide-lock.json: HTTP " + response.status);
  return response.json();
}

// The checker wheel is fetched while Pyodide starts, not after: its name and
// sha256 come from our pyodide-lock.json, and fetch() checks the hash (SRI).
/** @param {string} indexURL @param {Promise<import("pyodide").Lockfile>} lockfile */
async function fetchWheel(indexURL, lockfile) {
  const entry = (await lockfile).packages["koordinert-checker"];
  // 64 hex digits (the build writes them): 32 pairs.
  const pairs = /** @type {RegExpMatchArray} */ (entry.sha256.match(/../g));
  const bytes = pairs.map((h) => parseInt(h, 16));
  const integrity = "sha256-" + btoa(String.fromCharCode(...bytes));
  const response = await fetch(indexURL + entry.file_name, { integrity });
  if (!response.ok) throw new Error("checker wheel: HTTP " + response.status);
  return response.arrayBuffer();
}

// The smallest WebAssembly module (magic number and version). A host whose
// Content-Security-Policy lacks 'wasm-unsafe-eval' refuses to compile it:
// found out here at once, instead of Pyodide's start hanging.
const EMPTY_MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

/** @param {string} indexURL */
async function boot(indexURL) {
  // Pyodide's module, the lockfile and the wheel are requested at once, in
  // parallel with the check (each is reported where it is awaited).
  /** @type {Promise<typeof import("pyodide")>} */
  const runtime = import(indexURL + "pyodide.mjs");
  const lockfile = fetchLock(indexURL);
  const wheel = fetchWheel(indexURL, lockfile);
  for (const promise of [runtime, lockfile, wheel]) promise.catch(() => {});
  try {
    await WebAssembly.compile(EMPTY_MODULE);
  } catch (error) {
    throw new Error("WebAssembly refused (a Content-Security-Policy without 'wasm-unsafe-eval'?): " + reason(error),
      { cause: error });
  }
  self.postMessage({ type: "progress", step: "runtime" });
  const { loadPyodide } = await runtime;
  pyodide = await loadPyodide({
    indexURL,
    lockFileContents: lockfile,
    packageBaseUrl: indexURL,
    stdout: () => {},
    stderr: (line) => self.postMessage({ type: "log", line }),
  });
  self.postMessage({ type: "progress", step: "checker" });
  pyodide.unpackArchive(await wheel, "wheel");
  const api = pyodide.pyimport("checker.api");
  handle = api.handle;
  const version = pyodide.runPython("import sys; '.'.join(map(str, sys.version_info[:3]))");
  self.postMessage({ type: "ready", version });
}

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "boot") {
    start(message.indexURL);
  } else if (message.type === "ask") {
    if (!handle) {
      self.postMessage({ type: "answer", id: message.id, response: JSON.stringify({ error: { code: "not_ready" } }) });
      return;
    }
    const response = handle(JSON.stringify(message.request));
    self.postMessage({ type: "answer", id: message.id, response });
  }
};

let started = false;
/** Pyodide's start, once. @param {string} indexURL */
function start(indexURL) {
  if (started) return;
  started = true;
  boot(indexURL).catch((error) => { self.postMessage({ type: "failed", reason: reason(error) }); });
}

// Named with Pyodide's folder (checker-boot.js, on a fast connection):
// Pyodide's start begins at once, not at the page's message.
if (self.name) start(self.name);
