// Unit tests of the checker page's pure formatting (checker-format.js):
//   node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";

import { asOfDay, formatDate, icsText, outcomeKey, radioMatches, readDateParts }
  from "../../theme/assets/koordinert/checker-format.js";

const S = {
  "days.mon": "Monday", "days.tue": "Tuesday", "days.wed": "Wednesday", "days.thu": "Thursday",
  "days.fri": "Friday", "days.sat": "Saturday", "days.sun": "Sunday",
  "checker.month.4": "April", "checker.month.2": "February",
  "checker.date_format": "{weekday} {day} {month} {year}",
  "checker.ics.summary": "Complaint deadline; send it", "checker.ics.description": "Line one,\nline two",
};

test("dates are read as typed: 3 and 03 alike, and refused with a reason", () => {
  assert.deepEqual(readDateParts(["3", "03", "2016"]), { value: "2016-03-03" });
  assert.deepEqual(readDateParts([" 29", "2 ", "2024"]), { value: "2024-02-29" });
  assert.deepEqual(readDateParts(["", "", ""]), { error: "missing" });
  assert.deepEqual(readDateParts(["1", "", "2020"]), { error: "incomplete" });
  assert.deepEqual(readDateParts(["29", "2", "2026"]), { error: "invalid" });
  assert.deepEqual(readDateParts(["1", "13", "2026"]), { error: "invalid" });
  assert.deepEqual(readDateParts(["1", "1", "26"]), { error: "invalid" });
  assert.deepEqual(readDateParts(["1a", "1", "2026"]), { error: "invalid" });
});

test("a date in the site's one format, and the visitor's day", () => {
  assert.equal(formatDate(S, "2026-04-09"), "Thursday 9 April 2026");
  assert.equal(formatDate({ ...S, "checker.date_format": "{weekday} {day}. {month} {year} {other}" }, "2026-02-01"),
    "Sunday 1. February 2026 {other}");
  assert.equal(asOfDay("2026-11-22"), "2026-11-22");
  assert.equal(asOfDay(null, new Date(2026, 0, 5, 23, 59)), "2026-01-05");
});

test("the radio button of an answer given", () => {
  assert.equal(radioMatches("yes_no", true, "true", "yes"), true);
  assert.equal(radioMatches("yes_no", false, "true", "yes"), false);
  assert.equal(radioMatches("choice", "child", '"child"', "child"), true);
  assert.equal(radioMatches("integer", 5, "2", "2_or_more"), true);
  assert.equal(radioMatches("integer", 1, "2", "2_or_more"), false);
  assert.equal(radioMatches("choice", undefined, '"child"', "child"), false);
});

test("the calendar file: an all-day event with a reminder, escaped and folded", () => {
  const ics = icsText(S, "nb", "2026-04-07", new Date(Date.UTC(2026, 2, 12, 10, 0, 0, 123)));
  const lines = ics.split("\r\n");
  assert.ok(ics.endsWith("\r\n"));
  assert.ok(lines.includes("DTSTART;VALUE=DATE:20260407"));
  assert.ok(lines.includes("DTEND;VALUE=DATE:20260408"));
  assert.ok(lines.includes("DTSTAMP:20260312T100000Z"));
  assert.ok(lines.includes("PRODID:-//Koordinert//Checker//NB"));
  assert.ok(lines.includes("SUMMARY:Complaint deadline\\; send it"));
  assert.ok(lines.includes("DESCRIPTION:Line one\\,\\nline two"));
  assert.ok(lines.every((l) => l.length <= 61));
  const long = icsText({ ...S, "checker.ics.summary": "x".repeat(130) }, "en", "2026-12-31");
  assert.ok(long.includes("DTEND;VALUE=DATE:20270101"));
  assert.ok(long.includes("\r\n " + "x".repeat(59)));
});

test("outcome keys: the same for the same outcome whatever the key order, apart by the day a right ends", () => {
  const a = outcomeKey({ outcome: "eligible", reasons: [{ key: "x", ok: true }] }, "2026-06-01");
  const b = outcomeKey({ reasons: [{ ok: true, key: "x" }], outcome: "eligible" }, "2026-06-01");
  assert.equal(a, b);
  assert.match(a, /^[0-9a-f]{8}$/);
  assert.notEqual(a, outcomeKey({ outcome: "not_eligible", reasons: [{ key: "x", ok: true }] }, "2026-06-01"));
  const until = outcomeKey({ outcome: "eligible", right_ends: "2030-01-01" }, "2026-06-01");
  const turned = outcomeKey({ outcome: "eligible", right_ends: "2026-06-01" }, "2026-06-01");
  assert.equal(until.slice(0, 8), turned.slice(0, 8));
  assert.equal(until.slice(8), "|until");
  assert.equal(turned.slice(8), "|turned");
});
