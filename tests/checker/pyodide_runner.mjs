// Runs checker API requests inside Pyodide under Node, offline, against a built wheel.
//   node tests/checker/pyodide_runner.mjs WHEEL REQUESTS.json
// Prints one JSON line: the list of decoded responses, in request order.
// With --bench N instead of a requests file, prints timing figures instead.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pyodideDir = resolve(here, "../../node_modules/pyodide") + "/";
const { loadPyodide } = await import(resolve(pyodideDir, "pyodide.mjs"));

const [wheelPath, second, third] = process.argv.slice(2);
const loadStart = performance.now();
// KOORDINERT_STDLIB: the site's trimmed standard library instead of Pyodide's own.
const stdLib = process.env.KOORDINERT_STDLIB ? { stdLibURL: process.env.KOORDINERT_STDLIB } : {};
const pyodide = await loadPyodide({ indexURL: pyodideDir, ...stdLib, stdout: () => {}, stderr: (s) => process.stderr.write(s + "\n") });
const loadMs = performance.now() - loadStart;
// unpackArchive needs a plain Uint8Array, not a Node Buffer.
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");

if (second === "--bench") {
  // Each round forgets the imported checker so the import is measured again.
  const rounds = Number(third || 5);
  pyodide.globals.set("request_json", JSON.stringify({
    command: "eligibility", as_of: "2026-11-22",
    answers: { for_whom: "child", child_birth_date: "2015-05-05", services_needed: 3, long_term: true,
               complex: true, serious_condition: true, other_welfare_services: true,
               wants_plan: true, wants_coordinator: true },
  }));
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const ms = pyodide.runPython(`
import sys, time, importlib
for name in [m for m in sys.modules if m == "checker" or m.startswith("checker.")]:
    del sys.modules[name]
importlib.invalidate_caches()
t0 = time.perf_counter()
import checker.api
out = checker.api.handle(request_json)
assert '"outcome":"eligible"' in out, out
(time.perf_counter() - t0) * 1000
`);
    times.push(ms);
  }
  console.log(JSON.stringify({ load_ms: loadMs, import_and_evaluate_ms: times }));
} else {
  pyodide.globals.set("requests_json", readFileSync(second, "utf8"));
  const out = pyodide.runPython(`
import json
import checker.api
json.dumps([json.loads(checker.api.handle(json.dumps(r))) for r in json.loads(requests_json)])
`);
  console.log(out);
}
