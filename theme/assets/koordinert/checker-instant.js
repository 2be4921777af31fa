// @ts-check
// The checker's answers before Python is ready: looked up, not computed.
//
// The build runs the engine (checker/, in Python) over every state of the
// question flow and every date of a window, and writes its answers to
// sjekk/instant.json and sjekk/instant-dates.json (sitegen/instant.py). This
// module turns a request for checker.api.handle into the response the engine
// gave at build time, or null when the build did not prepare it (then the
// page waits for Python). The only logic here is reading the tables and the
// comparisons with the visitor's day that the tables name in "compare".
// tests/checker/test_instant.py holds every answer equal to the live engine's.
// An ES module without a DOM: the page imports it, and so do the tests.

/** @typedef {{[key: string]: any}} Json */
/** @typedef {{valid_from: string, valid_until: string, first: string, tokens: Json,
 *   states: {[id: string]: string | number}, results: Json[], next_steps: string[][],
 *   parts: Json[]}} FlowTable */
/** @typedef {{input: string, dates: string[], shared: Json, kinds: Json[], rows: number[], start?: string}} ToolTable */
/** @typedef {{valid_from: string, valid_until: string, start: string, days: number,
 *   compare: {[tool: string]: string[][]}, complaint: {[basis: string]: ToolTable},
 *   reply: ToolTable, child: ToolTable}} DatesTable */

const DAY = 86400000;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** @param {string} iso */
function dayNumber(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / DAY;
}

/** @param {number} n */
function isoOf(n) {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

/** @param {string} iso */
function isDate(iso) {
  return typeof iso === "string" && ISO.test(iso) && isoOf(dayNumber(iso)) === iso;
}

/** @template T @param {T} value @returns {T} */
function copy(value) {
  return JSON.parse(JSON.stringify(value));
}

/**
 * A result with its repeated objects ("@<index>" into parts) put back.
 * @param {any} value @param {Json[]} parts @returns {any}
 */
function resolve(value, parts) {
  if (typeof value === "string" && value.charAt(0) === "@") return resolve(parts[Number(value.slice(1))], parts);
  if (Array.isArray(value)) return value.map((v) => resolve(v, parts));
  if (value && typeof value === "object") {
    /** @type {Json} */
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolve(v, parts);
    return out;
  }
  return value;
}

/** @param {{valid_from: string, valid_until: string} | null | undefined} table @param {string} asOf */
function holds(table, asOf) {
  return !!table && isDate(asOf) && table.valid_from <= asOf && asOf <= table.valid_until;
}

/**
 * One tool's answer for one input date, or null outside the window.
 * @param {ToolTable} table @param {string} start @param {string} input
 * @param {string[][]} compare @param {string} asOf @param {string} command
 */
function toolAnswer(table, start, input, compare, asOf, command) {
  const index = dayNumber(input) - dayNumber(table.start || start);
  const kind = table.rows[index];
  if (kind === undefined || index < 0) return null;
  const row = table.kinds[kind];
  const base = dayNumber(input);
  /** @type {Json} */
  const out = copy(table.shared);
  for (const [key, value] of Object.entries(row)) {
    if (!table.dates.includes(key)) out[key] = copy(value);
    else if (Array.isArray(value)) out[key] = value.map((item) => ({ ...item, date: isoOf(base + item.date) }));
    else out[key] = value === null ? null : isoOf(base + value);
  }
  out[table.input] = input;
  for (const [field, how, dateField] of compare) {
    const day = out[dateField];
    out[field] = day === null || day === undefined ? null : how === "after" ? asOf > day : asOf < day;
  }
  out.as_of = asOf;
  out.command = command;
  return out;
}

/**
 * The day a child born on `birth` reaches the age limit, from the tables.
 * @param {DatesTable} dates @param {string} birth
 */
function childEnds(dates, birth) {
  const table = dates.child;
  const index = dayNumber(birth) - dayNumber(/** @type {string} */ (table.start));
  const kind = index < 0 ? undefined : table.rows[index];
  return kind === undefined ? null : isoOf(dayNumber(birth) + table.kinds[kind].ends);
}

/**
 * The token of an answer (its state in the flow), an error the engine would
 * give, or null when the tables cannot tell.
 * @param {FlowTable} flow @param {DatesTable | null} dates @param {string} id
 * @param {any} value @param {string} asOf
 * @returns {{token: string} | {error: Json} | null}
 */
function tokenOf(flow, dates, id, value, asOf) {
  const t = flow.tokens[id];
  if (!t) return null;
  if (t.type === "integer") {
    if (typeof value !== "number" || !Number.isInteger(value) || value < t.min) return null;
    let token = null;
    for (const [step, tok] of t.steps) if (value >= step) token = tok;
    return token === null ? null : { token };
  }
  if (t.type === "date") {
    if (!isDate(value)) return null;
    if (value > asOf) return { error: { code: "after_as_of", field: id } };
    const ends = dates && holds(dates, asOf) ? childEnds(dates, value) : null;
    if (ends === null) return null;
    return { token: asOf < ends ? t.under : t.over };
  }
  for (const [v, tok] of t.values) if (v === value) return { token: tok };
  return null;
}

/**
 * checker.flow.route from the table: replays the path with the answers given.
 * @param {FlowTable} flow @param {DatesTable | null} dates @param {Json} given @param {string} asOf
 */
function route(flow, dates, given, asOf) {
  if (!given || typeof given !== "object" || Array.isArray(given)) return null;
  for (const key of Object.keys(given)) if (!(key in flow.tokens)) return null;
  /** @type {Json} */
  const kept = {};
  /** @type {string[]} */
  const path = [];
  let id = "";
  for (;;) {
    const state = flow.states[id];
    if (state === undefined) return null;
    if (typeof state === "number") {
      const results = resolve(flow.results[state], flow.parts);
      const birth = kept.child_birth_date;
      if (birth !== undefined && results.barnekoordinator && "right_ends" in results.barnekoordinator) {
        results.barnekoordinator.right_ends = childEnds(/** @type {DatesTable} */ (dates), birth);
      }
      return { answers: kept, as_of: asOf, command: "flow.route", complete: true, next_question: null,
        next_steps: flow.next_steps[state], path, results };
    }
    path.push(state);
    if (!Object.prototype.hasOwnProperty.call(given, state)) {
      return { answers: kept, as_of: asOf, command: "flow.route", complete: false, next_question: state, path };
    }
    const found = tokenOf(flow, dates, state, given[state], asOf);
    if (found === null) return null;
    if ("error" in found) return { error: found.error };
    kept[state] = given[state];
    id = id ? id + "/" + found.token : found.token;
  }
}

/**
 * The engine's response to `request`, from the build's tables, or null when
 * they do not hold it (the page then asks Python).
 * @param {{flow?: FlowTable | null, dates?: DatesTable | null}} tables
 * @param {Json} request
 * @returns {Json | null}
 */
export function answer(tables, request) {
  const flow = tables.flow || null;
  const dates = tables.dates || null;
  if (!request || typeof request !== "object") return null;
  const asOf = request.as_of;
  const keys = Object.keys(request).filter((k) => k !== "command" && k !== "as_of").sort().join(",");
  switch (request.command) {
    case "flow.route":
      if (keys !== "answers" || !flow || !holds(flow, asOf)) return null;
      return route(flow, dates, request.answers, asOf);
    case "deadline.complaint": {
      if (keys !== "basis,received" || !dates || !holds(dates, asOf) || !isDate(request.received)) return null;
      const table = dates.complaint[request.basis];
      return table ? toolAnswer(table, dates.start, request.received, dates.compare.complaint, asOf, request.command) : null;
    }
    case "deadline.reply":
      if (keys !== "applied" || !dates || !holds(dates, asOf) || !isDate(request.applied)) return null;
      return toolAnswer(dates.reply, dates.start, request.applied, dates.compare.reply, asOf, request.command);
    case "deadline.child_coordinator":
      if (keys !== "birth_date" || !dates || !holds(dates, asOf) || !isDate(request.birth_date)) return null;
      if (request.birth_date > asOf) return { error: { code: "after_as_of", field: "birth_date" } };
      return toolAnswer(dates.child, dates.start, request.birth_date, dates.compare.child, asOf, request.command);
    default:
      return null;
  }
}

/** Which tables a request needs: "flow", "dates" or both. @param {Json} request */
export function needs(request) {
  if (request && request.command === "flow.route") {
    return request.answers && request.answers.child_birth_date !== undefined ? ["flow", "dates"] : ["flow"];
  }
  return ["dates"];
}
