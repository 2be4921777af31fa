// @ts-check
// The letters before Python is ready: filled in, not written.
//
// The build ran the letter assembly (checker/letters.py, in Python) for every
// letter this page can ask for, with slots (⟦who⟧, ⟦today⟧ …) where the
// visitor's words and the day's dates go, and wrote the results to
// sjekk/instant-letters.json (sitegen/instant_letters.py). This module picks
// the letter for a request, keeps or drops the paragraphs the build marked
// with a field, and fills the slots: the visitor's words as written, dates in
// words with the format and month names the build took from the letter texts.
// The complaint's deadline comes from the page's prepared deadline answer
// (passed in: checker-instant.js's answer over instant-dates.json). It returns
// null for anything the file does not hold or Python might refuse (then the
// page asks Python). tests/checker/test_instant_letters.py holds every letter
// here equal to the live engine's. An ES module without a DOM.

/** @typedef {{[key: string]: any}} Json */
/** @typedef {number | [string, number, number | null]} Item */
/** @typedef {{fields: string[], t: Item[], n: Item[], s?: Item[]}} Prepared */
/** @typedef {{lang: string, valid_from: string, valid_until: string, programmes: string[],
 *   fields: {[kind: string]: string[]}, long: string[], limits: {line: number, text: number, lines: number},
 *   sends: string[], deadline_key: {[field: string]: string}, deadlines: Json[],
 *   dates: {[lang: string]: {format: string, months: string[]}}, paragraphs: string[],
 *   letters: {[key: string]: Prepared}}} LettersTable */

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const SLOT = /\u27e6(\w+)\u27e7/g;
// Characters Python's checks might treat otherwise than this module: control
// characters (refused), NEL and the C1 range (whitespace to Python's strip).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSURE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u27e6\u27e7]/;
const REQUEST_KEYS = ["command", "as_of", "kind", "lang", "send_lang", "programmes", "for_whom", "basis",
  "received", "situation", "addressee", "fields"];

/** @param {unknown} iso */
function isDate(iso) {
  if (typeof iso !== "string" || !ISO.test(iso)) return false;
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === iso;
}

/**
 * A date in words, as checker.letters.format_date writes it.
 * @param {string} iso @param {{format: string, months: string[]}} how
 */
export function formatDate(iso, how) {
  const [y, m, d] = iso.split("-").map(Number);
  /** @type {{[k: string]: string}} */
  const parts = { day: String(d), month: how.months[m - 1], year: String(y) };
  return how.format.replace(/\{(\w+)\}/g, (all, name) => (name in parts ? parts[name] : all));
}

/** Text Python takes as it is: no stripping, no refusal. @param {unknown} value @param {number} limit @param {boolean} oneLine */
function plain(value, limit, oneLine) {
  return typeof value === "string" && value !== "" && value === value.trim() && !UNSURE.test(value)
    && !(oneLine && value.indexOf("\n") >= 0) && Array.from(value).length <= limit;
}

/** @param {unknown} a @param {unknown} b @returns {boolean} */
function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The shape of a deadline answer, as sitegen/instant_letters.py's deadline_key.
 * @param {Json} answer @param {{[field: string]: string}} key
 */
function deadlineShape(answer, key) {
  /** @type {Json} */
  const out = {};
  for (const field of Object.keys(key).sort()) {
    const value = answer[field] === undefined ? null : answer[field];
    out[field] = key[field] === "any" ? Array.isArray(value) ? value.length > 0 : !!value : value;
  }
  return out;
}

/**
 * The letter for `request` (checker.api's "letter" command) from the build's
 * table, or null when Python must write it.
 * @param {LettersTable | null} table
 * @param {Json} request
 * @param {(request: Json) => Json | null} deadline the page's prepared deadline answer
 * @returns {Json | null}
 */
export function letter(table, request, deadline) {
  if (!table || !request || typeof request !== "object" || request.command !== "letter") return null;
  for (const key of Object.keys(request)) if (REQUEST_KEYS.indexOf(key) < 0) return null;
  const asOf = request.as_of;
  if (!isDate(asOf) || asOf < table.valid_from || asOf > table.valid_until) return null;
  if (request.lang !== table.lang) return null;
  const kind = request.kind;
  if (typeof kind !== "string" || !Object.prototype.hasOwnProperty.call(table.fields, kind)) return null;
  const send = request.send_lang === undefined ? "" : request.send_lang;
  if (send !== "" && table.sends.indexOf(send) < 0) return null;
  if (send === "" && table.sends.length) return null;
  const programmes = request.programmes;
  if (!Array.isArray(programmes)) return null;
  const ordered = table.programmes.filter((p) => programmes.indexOf(p) >= 0);
  if (ordered.length !== programmes.length || !ordered.length) return null;
  for (const name of ["for_whom", "basis", "situation"]) {
    if (request[name] !== undefined && typeof request[name] !== "string") return null;
  }

  // The addressee: its name and address lines go into slots.
  /** @type {{[slot: string]: string}} */
  const words = {};
  let shape = "none";
  const to = request.addressee;
  if (to !== undefined) {
    if (!to || typeof to !== "object" || Array.isArray(to)) return null;
    for (const key of Object.keys(to)) if (["name", "address", "source"].indexOf(key) < 0) return null;
    if (to.source !== undefined && to.source !== "municipality_file" && to.source !== "register") return null;
    const lines = to.address === undefined ? [] : to.address;
    if (!Array.isArray(lines) || lines.length > table.limits.lines) return null;
    for (const line of lines) if (!plain(line, table.limits.line, true)) return null;
    if (to.name === undefined || to.name === null) {
      if (lines.length) return null;
    } else {
      if (!plain(to.name, table.limits.line, true)) return null;
      words.to_name = to.name;
      shape = lines.length ? "full" : "name";
      if (lines.length) words.to_address = lines.join("\n");
    }
  }

  // The dates: today, and for a complaint the day it came and the deadline.
  /** @type {{[slot: string]: string}} */
  const dates = { today: asOf };
  let shapeIndex = "";
  if (kind === "complaint") {
    if (!isDate(request.received) || request.received > asOf || typeof request.basis !== "string") return null;
    const got = deadline({ command: "deadline.complaint", as_of: asOf, received: request.received,
      basis: request.basis });
    if (!got || got.error || typeof got.deadline !== "string") return null;
    const found = deadlineShape(got, table.deadline_key);
    const index = table.deadlines.findIndex((d) => same(deadlineShape(d, table.deadline_key), found));
    if (index < 0) return null;
    shapeIndex = String(index);
    dates.received = request.received;
    dates.deadline = got.deadline;
  } else if (request.received !== undefined) {
    return null;
  }
  const key = [kind, send, request.for_whom || "", request.basis || "", request.situation || "",
    ordered.join("+"), shape, shapeIndex].join("|");
  const prepared = table.letters[key];
  if (!prepared) return null;

  // The visitor's words, each in a field this letter takes.
  const given = request.fields === undefined ? {} : request.fields;
  if (!given || typeof given !== "object" || Array.isArray(given)) return null;
  for (const [name, value] of Object.entries(given)) {
    if (prepared.fields.indexOf(name) < 0) return null;
    const long = table.long.indexOf(name) >= 0;
    if (!plain(value, long ? table.limits.text : table.limits.line, !long)) return null;
    words[name] = value;
  }

  const paragraphs = table.paragraphs;
  const formats = table.dates;
  /** @param {Item[]} items @param {string} lang */
  function fill(items, lang) {
    const how = formats[lang];
    /** @type {string[]} */
    const out = [];
    for (const item of items) {
      const index = typeof item === "number" ? item : item[0] in given ? item[1] : item[2];
      if (index !== null) out.push(paragraphs[index]);
    }
    let missing = false;
    const filled = out.map((p) => p.replace(SLOT, (all, name) => {
      if (name in dates) return formatDate(dates[name], how);
      if (name in words) return words[name];
      missing = true;
      return all;
    }));
    return missing ? null : filled;
  }
  const text = fill(prepared.t, table.lang);
  const notes = fill(prepared.n, table.lang);
  const sendText = prepared.s ? fill(prepared.s, send) : undefined;
  if (!text || !notes || sendText === null) return null;
  /** @type {Json} */
  const out = { command: "letter", as_of: asOf, status: "known", kind: kind, lang: table.lang,
    send_lang: send || table.lang, text: text.join("\n\n"), notes_text: notes };
  if (sendText) out.send_text = sendText.join("\n\n");
  return out;
}
