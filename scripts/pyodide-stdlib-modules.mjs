// Which standard-library modules does the checker's Python use? Starts
// Pyodide under Node with its full standard library, unpacks the checker
// wheel, answers every request in REQUESTS.json and a few bad ones, and
// prints the names of the modules loaded from python_stdlib.zip, one a line.
//   node scripts/pyodide-stdlib-modules.mjs WHEEL REQUESTS.json
// Used by `python -m sitegen.pyodide_assets --stdlib-list` (sitegen/pyodide_stdlib.txt).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pyodideDir = resolve(here, "../node_modules/pyodide") + "/";
const { loadPyodide } = await import(pathToFileURL(resolve(pyodideDir, "pyodide.mjs")).href);
const [wheelPath, requestsPath] = process.argv.slice(2);
const pyodide = await loadPyodide({ indexURL: pyodideDir, stdout: () => {} });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
pyodide.globals.set("requests_json", readFileSync(requestsPath, "utf8"));
const names = pyodide.runPython(`
import json, sys
import checker.api
for r in json.loads(requests_json):
    checker.api.handle(json.dumps(r))
for bad in ['{', '[]', '{"command": "nope"}', '{"command": "eligibility", "as_of": "x"}',
            '{"command": "flow.route", "as_of": "2026-11-22", "answers": {"child_birth_date": "2020-02-31"}}']:
    checker.api.handle(bad)
"\\n".join(sorted(m for m, mod in list(sys.modules.items())
                 if str(getattr(getattr(mod, "__spec__", None), "origin", "")).startswith("/lib/python313.zip/")))
`);
console.log(names);
