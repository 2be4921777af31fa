// Unit tests of the question flow's state (checker-state.js), without a DOM:
//   node --test tests/js/
// The engine's replies come from the page's own table reader
// (checker-instant.js) over a small hand-made flow, so each test walks the
// flow as the page does: answer, route, routed, and Back, Change, Clear and
// the browser's history.
import { test } from "node:test";
import assert from "node:assert/strict";

import * as flow from "../../theme/assets/koordinert/checker-state.js";
import { answer as engine } from "../../theme/assets/koordinert/checker-instant.js";

const AS_OF = "2026-06-01";
// for_whom: self -> services_needed (0 or 1: result 0; 2 or more: long_term -> result 1 or 0)
//           child -> child_birth_date (under 18: result 2; 18 or over: result 0)
const tables = {
  flow: {
    valid_from: "2026-01-01", valid_until: "2026-12-31", first: "for_whom",
    tokens: {
      for_whom: { type: "choice", values: [["self", "self"], ["child", "child"]] },
      child_birth_date: { type: "date", under: "under_18", over: "18_or_over" },
      services_needed: { type: "integer", min: 0, steps: [[0, "0"], [1, "1"], [2, "2_or_more"]] },
      long_term: { type: "choice", values: [[true, "yes"], [false, "no"], ["unknown", "unknown"]] },
    },
    states: {
      "": "for_whom", self: "services_needed", "self/0": 0, "self/1": 0, "self/2_or_more": "long_term",
      "self/2_or_more/yes": 1, "self/2_or_more/no": 0, "self/2_or_more/unknown": 3,
      child: "child_birth_date", "child/under_18": 2, "child/18_or_over": 0,
    },
    results: [{ barnekoordinator: "@0" }, { barnekoordinator: "@1" }, { barnekoordinator: "@2" }, { barnekoordinator: "@3" }],
    next_steps: [["documents"], ["complaint_help"], ["child_rights"], []],
    parts: [{ outcome: "not_eligible" }, { outcome: "eligible" }, { outcome: "eligible", right_ends: "2030-01-01" },
      { outcome: "unknown" }],
  },
  dates: {
    valid_from: "2026-01-01", valid_until: "2026-12-31", start: "2026-01-01", days: 1, compare: {},
    complaint: {}, reply: { input: "applied", dates: [], shared: {}, kinds: [], rows: [] },
    child: { input: "birth_date", start: "2008-06-01", dates: ["ends"], shared: {}, kinds: [{ ends: 6575 }],
      rows: Array(7000).fill(0) },
  },
};

/** Answers question `id` as the page does: remember it, ask the engine, take its reply. */
function give(state, id, value) {
  const asked = flow.answer(state, id, value);
  const reply = engine(tables, flow.route(asked, AS_OF));
  assert.ok(reply && !reply.error, JSON.stringify(reply));
  return flow.routed(asked, reply, AS_OF);
}

function walk(state, answers) {
  for (const [id, value] of answers) state = give(state, id, value);
  return state;
}

const q = flow.question;
const ADULT = [["for_whom", "self"], ["services_needed", 3], ["long_term", true]];

test("the first question, nothing answered, no way back", () => {
  const s = flow.start("for_whom");
  assert.deepEqual(s.step, q("for_whom"));
  assert.deepEqual(s.history, [q("for_whom")]);
  assert.equal(s.at, 0);
  assert.deepEqual(s.given, {});
  assert.equal(s.outcome, null);
  assert.equal(flow.canGoBack(s), false);
  assert.equal(flow.back(s), s);
});

test("each answer leads to the engine's next question, then to the summary", () => {
  let s = flow.start("for_whom");
  s = give(s, "for_whom", "self");
  assert.deepEqual(s.step, q("services_needed"));
  assert.deepEqual(s.path, ["for_whom", "services_needed"]);
  assert.deepEqual(s.answers, { for_whom: "self" });
  assert.equal(s.at, 1);
  assert.equal(flow.canGoBack(s), true);
  s = walk(s, ADULT.slice(1));
  assert.deepEqual(s.step, { kind: "summary" });
  assert.deepEqual(s.path, ["for_whom", "services_needed", "long_term"]);
  assert.deepEqual(s.answers, { for_whom: "self", services_needed: 3, long_term: true });
  assert.deepEqual(s.outcome, { results: { barnekoordinator: { outcome: "eligible" } }, nextSteps: ["complaint_help"], asOf: AS_OF });
  assert.deepEqual(s.history, [q("for_whom"), q("services_needed"), q("long_term"), { kind: "summary" }]);
  assert.equal(s.at, 3);
});

test("a transition leaves the state it was given as it was", () => {
  const before = walk(flow.start("for_whom"), ADULT.slice(0, 2));
  const copy = JSON.parse(JSON.stringify(before));
  flow.answer(before, "long_term", false);
  flow.back(before);
  flow.clear(before);
  flow.change(before, "for_whom");
  flow.restore(before, { kStep: 0 });
  give(before, "long_term", false);
  assert.deepEqual(before, copy);
});

test("the request replays every answer given, with the visitor's day", () => {
  const s = flow.answer(flow.answer(flow.start("for_whom"), "for_whom", "child"), "child_birth_date", "2012-06-01");
  assert.deepEqual(flow.route(s, AS_OF), { command: "flow.route", as_of: AS_OF, answers: { for_whom: "child", child_birth_date: "2012-06-01" } });
  const r = flow.routed(s, engine(tables, flow.route(s, AS_OF)), AS_OF);
  assert.equal(r.outcome.results.barnekoordinator.right_ends, "2030-06-02");  // from the dates table
  assert.deepEqual(r.outcome.nextSteps, ["child_rights"]);
});

test("Back: result to summary, summary to the last question, then question by question", () => {
  let s = walk(flow.start("for_whom"), ADULT);
  s = flow.visit(s, { kind: "result" });
  assert.deepEqual(s.step, { kind: "result" });
  s = flow.back(s);
  assert.deepEqual(s.step, { kind: "summary" });
  s = flow.back(s);
  assert.deepEqual(s.step, q("long_term"));
  s = flow.back(s);
  assert.deepEqual(s.step, q("services_needed"));
  s = flow.back(s);
  assert.deepEqual(s.step, q("for_whom"));
  assert.equal(flow.canGoBack(s), false);
  // Each step back is a history entry of its own; the answers stay.
  assert.equal(s.at, 8);
  assert.equal(flow.given(s, "services_needed"), 3);
  assert.deepEqual(s.answers, { for_whom: "self", services_needed: 3, long_term: true });
});

test("visiting the step on screen adds no history entry", () => {
  const s = flow.start("for_whom");
  assert.equal(flow.visit(s, q("for_whom")), s);
  const summary = walk(s, ADULT);
  assert.equal(flow.visit(summary, { kind: "summary" }), summary);
});

test("Change an earlier answer: its question with the answer; later answers still on the path are kept", () => {
  let s = walk(flow.start("for_whom"), ADULT);
  s = flow.change(s, "long_term");
  assert.deepEqual(s.step, q("long_term"));
  assert.equal(flow.given(s, "long_term"), true);
  s = give(s, "long_term", "unknown");
  assert.deepEqual(s.step, { kind: "summary" });
  assert.deepEqual(s.answers, { for_whom: "self", services_needed: 3, long_term: "unknown" });
  assert.deepEqual(s.outcome.results, { barnekoordinator: { outcome: "unknown" } });
  assert.equal(flow.anyUnknownAnswer(s), true);
  // Changing a question that is not on the path does nothing.
  assert.equal(flow.change(s, "child_birth_date"), s);
});

test("Change an earlier answer: the answers no longer on the path drop out", () => {
  let s = walk(flow.start("for_whom"), ADULT);
  s = flow.change(s, "for_whom");
  s = give(s, "for_whom", "child");
  assert.deepEqual(s.step, q("child_birth_date"));
  assert.deepEqual(s.path, ["for_whom", "child_birth_date"]);
  assert.deepEqual(s.answers, { for_whom: "child" });
  assert.equal(s.outcome, null);
  // A smaller number ends the path earlier: long_term is no longer asked.
  s = walk(flow.start("for_whom"), ADULT);
  s = give(flow.change(s, "services_needed"), "services_needed", 1);
  assert.deepEqual(s.step, { kind: "summary" });
  assert.deepEqual(s.path, ["for_whom", "services_needed"]);
  assert.deepEqual(s.answers, { for_whom: "self", services_needed: 1 });
  assert.deepEqual(s.outcome.results, { barnekoordinator: { outcome: "not_eligible" } });
  // Still remembered, to be filled in again if the path comes back to it.
  assert.equal(flow.given(s, "long_term"), true);
  s = give(flow.change(s, "services_needed"), "services_needed", 2);
  assert.deepEqual(s.step, { kind: "summary" });
  assert.deepEqual(s.answers, { for_whom: "self", services_needed: 2, long_term: true });
});

test("Clear: nothing answered, the first question as a new history entry", () => {
  let s = flow.visit(walk(flow.start("for_whom"), ADULT), { kind: "result" });
  const at = s.at;
  s = flow.clear(s);
  assert.deepEqual(s.step, q("for_whom"));
  assert.deepEqual(s.given, {});
  assert.deepEqual(s.path, []);
  assert.deepEqual(s.answers, {});
  assert.equal(s.outcome, null);
  assert.equal(s.at, at + 1);
  assert.equal(flow.given(s, "for_whom"), undefined);
  assert.deepEqual(flow.route(s, AS_OF).answers, {});
});

test("the browser's Back and Forward restore the steps by number", () => {
  let s = walk(flow.start("for_whom"), ADULT);  // entries 0-3: three questions, the summary
  s = flow.visit(s, { kind: "result" });        // entry 4
  let r = flow.restore(s, { kStep: 3 });
  assert.deepEqual(r.step, { kind: "summary" });
  assert.equal(r.at, 3);
  r = flow.restore(r, { kStep: 1 });
  assert.deepEqual(r.step, q("services_needed"));
  r = flow.restore(r, { kStep: 4 });  // Forward, to the result
  assert.deepEqual(r.step, { kind: "result" });
  assert.deepEqual(r.history, s.history);
  // A new step after going back drops the entries that were ahead.
  r = flow.restore(r, { kStep: 1 });
  r = flow.back(r);
  assert.deepEqual(r.history, [q("for_whom"), q("services_needed"), q("for_whom")]);
  assert.equal(r.at, 2);
});

test("history entries the state cannot show start again at the first question", () => {
  const s = flow.visit(walk(flow.start("for_whom"), ADULT), { kind: "result" });
  // From before a reload: an entry this page never made.
  assert.deepEqual(flow.restore(s, { kStep: 17 }).step, q("for_whom"));
  // From before "clear my answers": the summary and result have nothing to show.
  const cleared = flow.clear(s);
  const back = flow.restore(cleared, { kStep: 4 });
  assert.deepEqual(back.step, q("for_whom"));
  assert.equal(back.at, 4);
  assert.deepEqual(flow.restore(cleared, { kStep: 1 }).step, q("services_needed"));
  // Not a step at all (a link to a place on the page): nothing to restore.
  assert.equal(flow.restore(s, null), null);
  assert.equal(flow.restore(s, { other: 1 }), null);
  assert.equal(flow.restore(s, { kStep: "2" }), null);
});

test("an error the engine finds leaves the path as it was", () => {
  const s = give(flow.start("for_whom"), "for_whom", "child");
  const asked = flow.answer(s, "child_birth_date", "2026-06-02");  // after the visitor's day
  assert.deepEqual(engine(tables, flow.route(asked, AS_OF)), { error: { code: "after_as_of", field: "child_birth_date" } });
  const shown = flow.display(asked, q("child_birth_date"));
  assert.equal(shown.at, s.at);
  assert.deepEqual(shown.path, s.path);
});
