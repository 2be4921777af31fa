// The checker's Python runs here, in a module Web Worker, so the page never
// blocks. Messages in: {type: "boot", indexURL} and {type: "ask", id, request}
// (a JSON request for checker.api.handle). Messages out: {type: "progress",
// step}, {type: "ready", version}, {type: "answer", id, response} and
// {type: "failed", reason}. Nothing leaves the browser.
let pyodide = null;
let handle = null;

async function boot(indexURL) {
  self.postMessage({ type: "progress", step: "runtime" });
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  pyodide = await loadPyodide({
    indexURL,
    lockFileURL: indexURL + "pyodide-lock.json",
    stdout: () => {},
    stderr: (line) => self.postMessage({ type: "log", line }),
  });
  self.postMessage({ type: "progress", step: "checker" });
  // loadPackage does not throw when a fetch or integrity check fails: the
  // import below is what proves the wheel arrived.
  await pyodide.loadPackage("koordinert-checker", { messageCallback: () => {} });
  const api = pyodide.pyimport("checker.api");
  handle = api.handle;
  const version = pyodide.runPython("import sys; '.'.join(map(str, sys.version_info[:3]))");
  self.postMessage({ type: "ready", version });
}

self.onmessage = async (event) => {
  const message = event.data || {};
  if (message.type === "boot") {
    try {
      await boot(message.indexURL);
    } catch (error) {
      self.postMessage({ type: "failed", reason: String(error && error.message || error) });
    }
  } else if (message.type === "ask") {
    if (!handle) {
      self.postMessage({ type: "answer", id: message.id, response: JSON.stringify({ error: { code: "not_ready" } }) });
      return;
    }
    const response = handle(JSON.stringify(message.request));
    self.postMessage({ type: "answer", id: message.id, response });
  }
};
