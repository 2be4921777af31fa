// @ts-check
// Dates, answers, calendar files and outcome keys for the checker page:
// pure functions of their arguments (no DOM), shared by the page's modules and
// tested by Node (tests/js/format.test.mjs).

/** @typedef {{[key: string]: string}} Strings  the page's wording (its JSON data block) */

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_MS = 86400000;

/** @param {number} n */
export function pad(n) {
  return (n < 10 ? "0" : "") + n;
}

/**
 * The day the engine is asked about: the page's fixed day (data-k-as-of) if
 * it has one, else the visitor's local day.
 * @param {string | null} fixed @param {Date} [now]
 */
export function asOfDay(fixed, now = new Date()) {
  if (fixed) return fixed;
  return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
}

/** @param {string} iso */
export function parseIso(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/**
 * The one date format of the site: the pattern and the names the build uses
 * (sitegen/checker_page.py format_date), from the page's data block.
 * @param {Strings} S @param {string} iso
 */
export function formatDate(S, iso) {
  const d = parseIso(iso);
  /** @type {{[part: string]: string}} */
  const parts = { weekday: S["days." + WEEKDAYS[(d.getUTCDay() + 6) % 7]], day: String(d.getUTCDate()),
    month: S["checker.month." + (d.getUTCMonth() + 1)], year: String(d.getUTCFullYear()) };
  return S["checker.date_format"].replace(/\{(\w+)\}/g, (m, k) => (k in parts ? parts[k] : m));
}

/**
 * Day, month and year as typed ("3" and "03" both work): the ISO date, or
 * why not (missing, incomplete, invalid).
 * @param {string[]} typed  [day, month, year]
 * @returns {{value: string} | {error: "missing" | "incomplete" | "invalid"}}
 */
export function readDateParts(typed) {
  const parts = typed.map((p) => p.trim());
  if (parts.every((p) => p === "")) return { error: "missing" };
  if (parts.some((p) => p === "")) return { error: "incomplete" };
  if (!/^\d{1,2}$/.test(parts[0]) || !/^\d{1,2}$/.test(parts[1]) || !/^\d{4}$/.test(parts[2])) return { error: "invalid" };
  const [d, m, y] = parts.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { error: "invalid" };
  return { value: y + "-" + pad(m) + "-" + pad(d) };
}

/**
 * Whether a radio button stands for an answer given: its value (JSON) is the
 * answer, or it is "2 or more" for a number of two or more.
 * @param {string} type @param {import("./checker-state.js").Answer | undefined} value
 * @param {string} radioValue @param {string | null} token
 */
export function radioMatches(type, value, radioValue, token) {
  if (value === undefined) return false;
  if (JSON.stringify(value) === JSON.stringify(JSON.parse(radioValue))) return true;
  return type === "integer" && Number(value) >= 2 && token === "2_or_more";
}

/**
 * An iCalendar file with the complaint deadline as an all-day event and a
 * reminder two days before (RFC 5545: CRLF, lines folded, text escaped).
 * @param {Strings} S @param {string} lang @param {string} iso @param {Date} [now]
 */
export function icsText(S, lang, iso, now = new Date()) {
  const day = iso.replace(/-/g, "");
  const next = new Date(parseIso(iso).getTime() + DAY_MS).toISOString().slice(0, 10).replace(/-/g, "");
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
  /** @param {string} t */
  const esc = (t) => t.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n");
  /** @param {string} line */
  function fold(line) {
    const out = [];
    while (line.length > 60) { out.push(line.slice(0, 60)); line = " " + line.slice(60); }
    out.push(line);
    return out.join("\r\n");
  }
  return ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Koordinert//Checker//" + lang.toUpperCase(), "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH", "BEGIN:VEVENT", "UID:complaint-" + day + "@koordinert", "DTSTAMP:" + stamp,
    "DTSTART;VALUE=DATE:" + day, "DTEND;VALUE=DATE:" + next,
    "SUMMARY:" + esc(S["checker.ics.summary"]), "DESCRIPTION:" + esc(S["checker.ics.description"]),
    "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + esc(S["checker.ics.summary"]), "TRIGGER:-P2D", "END:VALARM",
    "END:VEVENT", "END:VCALENDAR"].map(fold).join("\r\n") + "\r\n";
}

/**
 * JSON with its keys sorted, as Python's json.dumps(sort_keys=True,
 * separators=(",", ":")) writes it for these values.
 * @param {any} v @returns {string}
 */
export function canonical(v) {
  if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
  if (v && typeof v === "object") {
    return "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canonical(v[k])).join(",") + "}";
  }
  return JSON.stringify(v);
}

/**
 * The key of one programme's outcome among the build's fragments
 * (sitegen/checker_page.py outcome_key): an FNV-1a hash of the outcome
 * without the day a child's right ends, and whether that day has come.
 * @param {{[key: string]: any}} r @param {string} asOf
 */
export function outcomeKey(r, asOf) {
  /** @type {{[key: string]: any}} */
  const plain = {};
  for (const k of Object.keys(r)) if (k !== "right_ends") plain[k] = r[k];
  const text = canonical(plain);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul((h ^ text.charCodeAt(i)) >>> 0, 0x01000193) >>> 0;
  const suffix = r.right_ends ? (r.right_ends <= asOf ? "|turned" : "|until") : "";
  return ("0000000" + h.toString(16)).slice(-8) + suffix;
}
