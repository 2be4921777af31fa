// The build's prepared answers against the live engine, in one run under Node:
//   node tests/checker/instant_runner.mjs WHEEL TABLES_DIR REQUESTS.json
// For each request, the answer of theme/assets/koordinert/checker-instant.js
// (from TABLES_DIR/instant.json and instant-dates.json) and the response of
// checker.api.handle inside Pyodide. Prints one JSON line:
// {"count", "prepared", "unprepared": [indexes], "mismatches": [{index, request, instant, live}]}
// (at most 20 mismatches listed).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const pyodideDir = resolve(here, "../../node_modules/pyodide") + "/";
// The page's module is an ES module in a folder without a package.json that
// says so: imported from its source text.
const modulePath = resolve(here, "../../theme/assets/koordinert/checker-instant.js");
const source = readFileSync(modulePath, "utf8");
const instant = await import("data:text/javascript;base64," + Buffer.from(source).toString("base64"));

const [wheelPath, tablesDir, requestsPath] = process.argv.slice(2);
const tables = {
  flow: JSON.parse(readFileSync(resolve(tablesDir, "instant.json"), "utf8")),
  dates: JSON.parse(readFileSync(resolve(tablesDir, "instant-dates.json"), "utf8")),
};
const requests = JSON.parse(readFileSync(requestsPath, "utf8"));

const { loadPyodide } = await import(pathToFileURL(resolve(pyodideDir, "pyodide.mjs")).href);
// KOORDINERT_STDLIB: the site's trimmed standard library instead of Pyodide's own.
const stdLib = process.env.KOORDINERT_STDLIB ? { stdLibURL: process.env.KOORDINERT_STDLIB } : {};
const pyodide = await loadPyodide({ indexURL: pyodideDir, ...stdLib, stdout: () => {}, stderr: (s) => process.stderr.write(s + "\n") });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
// All requests in one call into Python: one crossing, not thousands.
pyodide.globals.set("requests_json", JSON.stringify(requests));
const live = JSON.parse(pyodide.runPython(`
import json
import checker.api
json.dumps([json.loads(checker.api.handle(json.dumps(r))) for r in json.loads(requests_json)])
`));

const unprepared = [];
const mismatches = [];
let prepared = 0;
requests.forEach((request, index) => {
  const got = instant.answer(tables, request);
  if (got === null) { unprepared.push(index); return; }
  prepared += 1;
  // The same JSON round trip the page's worker answers go through.
  const mine = JSON.parse(JSON.stringify(got));
  if (!isDeepStrictEqual(mine, live[index]) && mismatches.length < 20) {
    mismatches.push({ index, request, instant: mine, live: live[index] });
  }
});
console.log(JSON.stringify({ count: requests.length, prepared, unprepared, mismatches }));
