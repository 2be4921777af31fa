// The build's prepared letters against the live engine, in one run under Node:
//   node tests/checker/instant_letters_runner.mjs WHEEL TABLES_DIR REQUESTS.json
// For each request, the letter of theme/assets/koordinert/checker-letters-instant.js
// (from TABLES_DIR/<lang>/instant-letters.json, with the complaint deadline from
// checker-instant.js over TABLES_DIR/instant-dates.json, as the page does) and
// the response of checker.api.handle inside Pyodide. Prints one JSON line:
// {"count", "prepared", "unprepared": [indexes], "mismatches": [...]} (at most 10).
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const pyodideDir = resolve(here, "../../node_modules/pyodide") + "/";
// ES modules in a folder without a package.json that says so: imported from their source text.
async function pageModule(name) {
  const source = readFileSync(resolve(here, "../../theme/assets/koordinert", name), "utf8");
  return import("data:text/javascript;base64," + Buffer.from(source).toString("base64"));
}
const instant = await pageModule("checker-instant.js");
const letters = await pageModule("checker-letters-instant.js");

const [wheelPath, tablesDir, requestsPath] = process.argv.slice(2);
const dates = JSON.parse(readFileSync(resolve(tablesDir, "instant-dates.json"), "utf8"));
const tables = {};
for (const lang of ["nb", "nn", "en"]) {
  const path = resolve(tablesDir, lang, "instant-letters.json");
  if (existsSync(path)) tables[lang] = JSON.parse(readFileSync(path, "utf8"));
}
const requests = JSON.parse(readFileSync(requestsPath, "utf8"));

const { loadPyodide } = await import(pathToFileURL(resolve(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir, stdout: () => {}, stderr: (s) => process.stderr.write(s + "\n") });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
pyodide.globals.set("requests_json", JSON.stringify(requests));
const live = JSON.parse(pyodide.runPython(`
import json
import checker.api
json.dumps([json.loads(checker.api.handle(json.dumps(r))) for r in json.loads(requests_json)])
`));

// What the page shows of a letter: its words, in which languages.
const SHOWN = ["command", "as_of", "status", "kind", "lang", "send_lang", "text", "notes_text", "send_text"];
function shown(response) {
  const out = {};
  for (const key of SHOWN) if (response[key] !== undefined) out[key] = response[key];
  return out;
}

const unprepared = [];
const mismatches = [];
let prepared = 0;
requests.forEach((request, index) => {
  const got = letters.letter(tables[request.lang] || null, request, (r) => instant.answer({ dates }, r));
  if (got === null) { unprepared.push(index); return; }
  prepared += 1;
  const mine = JSON.parse(JSON.stringify(got));
  if (!isDeepStrictEqual(mine, shown(live[index])) && mismatches.length < 10) {
    mismatches.push({ index, request, instant: mine, live: shown(live[index]) });
  }
});
console.log(JSON.stringify({ count: requests.length, prepared, unprepared, mismatches }));
