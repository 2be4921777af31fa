// Unit tests of the page's table reader (checker-instant.js), without a DOM:
//   node --test tests/js/
// On small hand-made tables; the real tables are held equal to the engine
// by tests/checker/test_instant.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = readFileSync(resolve(here, "../../theme/assets/koordinert/checker-instant.js"), "utf8");
const { answer, needs } = await import("data:text/javascript;base64," + Buffer.from(source).toString("base64"));

const flow = {
  valid_from: "2026-01-01", valid_until: "2026-12-31", first: "for_whom",
  tokens: {
    for_whom: { type: "choice", values: [["self", "self"], ["child", "child"]] },
    child_birth_date: { type: "date", under: "under_18", over: "18_or_over" },
    services_needed: { type: "integer", min: 0, steps: [[0, "0"], [1, "1"], [2, "2_or_more"]] },
  },
  states: {
    "": "for_whom", self: "services_needed", "self/0": 0, "self/1": 0, "self/2_or_more": 1,
    child: "child_birth_date", "child/under_18": 2, "child/18_or_over": 0,
  },
  results: [{ barnekoordinator: "@0" }, { barnekoordinator: "@1" }, { barnekoordinator: "@2" }],
  next_steps: [["documents"], ["complaint_help", "documents"], ["child_rights"]],
  parts: [{ outcome: "not_eligible" }, { outcome: "eligible", refs: ["@3", "@3"] }, { outcome: "eligible", right_ends: "2030-01-01" }, { law: "pbrl" }],
};
const dates = {
  valid_from: "2026-01-01", valid_until: "2026-12-31", start: "2026-01-01", days: 3,
  compare: { complaint: [["late", "after", "deadline"]], reply: [["overdue", "after", "deadline"]], child: [["under_age_limit", "before", "ends"]] },
  complaint: { health: { input: "received", dates: ["deadline", "moved_over"], shared: { weeks: 4 },
    kinds: [{ deadline: 28, moved_over: [] }, { deadline: 30, moved_over: [{ date: 28, reason: "weekend" }] }], rows: [0, 1, 0] } },
  reply: { input: "applied", dates: ["deadline"], shared: { months: 1 }, kinds: [{ deadline: 31 }], rows: [0, 0, 0] },
  child: { input: "birth_date", start: "2008-06-01", dates: ["ends"], shared: { age_limit: 18 },
    kinds: [{ ends: 6574 }, { ends: 6575 }], rows: Array(7000).fill(1) },
};
const tables = { flow, dates };
const route = (answers, as_of = "2026-06-01") => answer(tables, { command: "flow.route", as_of, answers });

test("the first question, then the path with its kept answers", () => {
  assert.deepEqual(route({}), { answers: {}, as_of: "2026-06-01", command: "flow.route", complete: false, next_question: "for_whom", path: ["for_whom"] });
  const r = route({ for_whom: "self", services_needed: 5 });
  assert.equal(r.complete, true);
  assert.deepEqual(r.path, ["for_whom", "services_needed"]);
  assert.deepEqual(r.results, { barnekoordinator: { outcome: "eligible", refs: [{ law: "pbrl" }, { law: "pbrl" }] } });
  assert.deepEqual(r.next_steps, ["complaint_help", "documents"]);  // beside its results, by index
});

test("a birth date picks its token by the day the right ends, and gives that day", () => {
  const r = route({ for_whom: "child", child_birth_date: "2012-06-01" });
  assert.equal(r.results.barnekoordinator.right_ends, "2030-06-02");  // 2012-06-01 + 6575 days
  assert.deepEqual(route({ for_whom: "child", child_birth_date: "2026-06-02" }), { error: { code: "after_as_of", field: "child_birth_date" } });
  assert.equal(route({ for_whom: "child", child_birth_date: "1990-01-01" }), null);  // outside the table
});

test("what the tables do not hold is left to Python", () => {
  assert.equal(route({ for_whom: "nobody" }), null);
  assert.equal(route({ for_whom: "self", services_needed: -1 }), null);
  assert.equal(route({ for_whom: "self", services_needed: 1.5 }), null);
  assert.equal(route({ wish: true }), null);
  assert.equal(route({}, "2027-01-01"), null);  // another year's rules
  assert.equal(answer(tables, { command: "eligibility", as_of: "2026-06-01", answers: {} }), null);
  assert.equal(answer({ flow: null, dates: null }, { command: "flow.route", as_of: "2026-06-01", answers: {} }), null);
  assert.equal(answer(tables, { command: "deadline.complaint", as_of: "2026-06-01", received: "2026-01-04", basis: "health" }), null);
  assert.equal(answer(tables, { command: "deadline.complaint", as_of: "2026-06-01", received: "2026-01-01", basis: "health", decided: "2025-12-01" }), null);
  assert.equal(answer(tables, { command: "deadline.complaint", as_of: "2026-02-30", received: "2026-01-01", basis: "health" }), null);
});

test("a deadline from the tables, with what depends on the visitor's day", () => {
  const r = answer(tables, { command: "deadline.complaint", as_of: "2026-01-31", received: "2026-01-02", basis: "health" });
  assert.deepEqual(r, { weeks: 4, deadline: "2026-02-01", moved_over: [{ date: "2026-01-30", reason: "weekend" }], received: "2026-01-02", late: false, as_of: "2026-01-31", command: "deadline.complaint" });
  assert.equal(answer(tables, { command: "deadline.complaint", as_of: "2026-02-02", received: "2026-01-02", basis: "health" }).late, true);
  assert.equal(answer(tables, { command: "deadline.reply", as_of: "2026-02-02", applied: "2026-01-01" }).overdue, true);
  const child = answer(tables, { command: "deadline.child_coordinator", as_of: "2026-06-01", birth_date: "2008-06-02" });
  assert.equal(child.ends, "2026-06-03");  // + 6575 days
  assert.equal(child.under_age_limit, true);
  assert.deepEqual(answer(tables, { command: "deadline.child_coordinator", as_of: "2026-06-01", birth_date: "2026-06-02" }), { error: { code: "after_as_of", field: "birth_date" } });
});

test("which tables a request needs", () => {
  assert.deepEqual(needs({ command: "flow.route", answers: {} }), ["flow"]);
  assert.deepEqual(needs({ command: "flow.route", answers: { child_birth_date: "2010-01-01" } }), ["flow", "dates"]);
  assert.deepEqual(needs({ command: "deadline.reply" }), ["dates"]);
});
