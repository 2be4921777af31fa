// @ts-check
// The question flow on the checker page: one step at a time.
//
// The questions and forms are static HTML (sitegen/templates/checker.html.j2).
// This module reads what the visitor does, changes the flow's state through
// its transitions (checker-state.js), asks the engine to replay the flow
// (checker.ask, "flow.route"), and shows the state it got: the step, the
// answers filled in again, the summary, the result (checker-result.js).
// The browser's Back and Forward buttons move between the steps as well; a
// history entry holds only a step number, never an answer.

import { all, askFor, dateErrorText, dateFields, errorText, one, setDate } from "./checker-dom.js";
import { asOfDay, formatDate, radioMatches, readDateParts } from "./checker-format.js";
import { setupResult } from "./checker-result.js";
import * as flow from "./checker-state.js";

/** @typedef {import("./checker-format.js").Strings} Strings */
/** @typedef {import("./checker-state.js").FlowState} FlowState */
/** @typedef {import("./checker-state.js").Step} Step */
/** @typedef {{id: string, type: string}} Question */

/**
 * @param {Object} page
 * @param {HTMLElement} page.root
 * @param {Strings} page.S
 * @param {{flow: {questions: Question[]}, build_as_of: string}} page.data
 * @param {import("./checker-ask.js").Checker} page.checker
 * @param {ReturnType<typeof import("./checker-dom.js").formErrors>} page.errors
 * @param {() => void} page.settle  the municipality lists, after a step is shown
 * @param {() => void} page.onClear  the rest of the page cleared with the answers
 */
export function setupFlow({ root, S, data, checker, errors, settle, onClear }) {
  /** @type {{[id: string]: Question}} */
  const questions = {};
  data.flow.questions.forEach((q) => { questions[q.id] = q; });
  const app = one(root, ".k-flow [data-k-app]");
  const backButton = one(app, "[data-k-back]");
  const summaryStep = one(app, "[data-k-summary]");
  const resultStep = one(app, "[data-k-result]");
  const clearedStatus = one(app, "[data-k-cleared]");
  const result = setupResult({ root, resultStep, S, buildAsOf: data.build_as_of, fillSummary });

  /** The one state of the flow; changed only through `commit`. */
  let state = flow.start(data.flow.questions[0].id);

  /** @param {string} id */
  function form(id) { return one(app, "[data-k-question='" + id + "']"); }
  function asOf() { return asOfDay(root.getAttribute("data-k-as-of")); }

  /**
   * Takes the next state and shows its step: a new browser history entry
   * where the state has a new one (`visit`), the step's heading focused if
   * `focus`. `write` fills the step's content (the summary, the result).
   * Every change to the page comes first, then the history entry and the
   * focus: pushState (which saves the scroll position) and focus() (which
   * scrolls the heading into view) each lay the page out if it changed since,
   * and the page is long, so it is laid out once, not twice.
   * @param {FlowState} next @param {boolean} focus @param {() => void} [write]
   */
  function commit(next, focus, write) {
    const visit = next.history !== state.history;
    if (write) write();
    state = next;
    const step = state.step;
    all(".k-step", app).forEach((s) => { s.hidden = true; });
    const target = step.kind === "question" ? form(step.id) : step.kind === "summary" ? summaryStep : resultStep;
    target.hidden = false;
    backButton.hidden = !flow.canGoBack(state);
    if (step.kind === "question") prefill(step.id);
    settle();
    if (visit) window.history.pushState({ kStep: next.at }, "");
    if (focus) one(target, "[data-k-heading]").focus();
  }

  /** The answer given to question `id`, if any, filled in again. @param {string} id */
  function prefill(id) {
    const f = form(id);
    const value = flow.given(state, id);
    const type = questions[id].type;
    if (type === "date") {
      setDate(one(f, "[data-k-date]"), value === undefined ? "" : String(value));
      return;
    }
    /** @type {HTMLInputElement[]} */ (all("input[type=radio]", f)).forEach((r) => {
      r.checked = radioMatches(type, value, r.value, r.getAttribute("data-k-token"));
    });
  }

  /** Answer texts by question and value (answerText). @type {Map<string, string>} */
  const answerTexts = new Map();

  /**
   * How an answer reads: a date in the site's format, any other answer in the
   * words of its radio button (the build's label, answer_label).
   * @param {string} id @param {import("./checker-state.js").Answer} value
   */
  function answerText(id, value) {
    const type = questions[id].type;
    if (type === "date") return formatDate(S, String(value));
    // The labels are the build's and never change: each is looked up once
    // (the summary and the result list every answer again).
    const key = id + "\u0000" + JSON.stringify(value);
    let text = answerTexts.get(key);
    if (text === undefined) {
      const radio = /** @type {HTMLInputElement[]} */ (all("input[type=radio]", form(id)))
        .find((r) => radioMatches(type, value, r.value, r.getAttribute("data-k-token")));
      const label = radio && radio.labels && radio.labels[0];
      text = label ? label.textContent || "" : String(value);
      answerTexts.set(key, text);
    }
    return text;
  }

  /**
   * The answers on the path, each in its row from the build's template
   * (_question.html.j2 answer_row: the question and its Change button).
   * @param {HTMLElement} list @param {FlowState} s
   */
  function fillSummary(list, s) {
    list.textContent = "";
    for (const id of s.path) {
      const template = /** @type {HTMLTemplateElement} */ (one(root, "template[data-k-answer-row='" + id + "']"));
      const row = /** @type {HTMLElement} */ (one(template.content, ".k-summary__row").cloneNode(true));
      one(row, "[data-k-answer]").textContent = answerText(id, s.answers[id]);
      one(row, "[data-k-change]").addEventListener("click", () => { commit(flow.change(state, id), true); });
      list.appendChild(row);
    }
  }

  // Replays the flow with the answers given so far, in one request to the
  // worker (checker.flow.route): earlier answers that are still on the path
  // are kept, the first unanswered question is shown; when none is left, the
  // summary of answers.
  /** @param {HTMLElement} from  the form answered */
  function route(from) {
    const when = asOf();
    return askFor(checker, S, from, flow.route(state, when)).then((r) => {
      if (r.error) {
        const qid = String(r.error.field || "").replace(/^answers\./, "");
        const f = /** @type {HTMLElement} */ (app.querySelector("[data-k-question='" + qid + "']") || from);
        commit(flow.display(state, flow.question(f.getAttribute("data-k-question") || "")), false);
        errors.show(f, [{ group: one(f, "[data-k-group]"), text: errorText(S, r.error.code) }]);
        return;
      }
      const next = flow.routed(state, /** @type {import("./checker-state.js").Routed} */ (r), when);
      commit(next, true, next.step.kind === "summary"
        ? () => { fillSummary(one(summaryStep, "[data-k-summary-list]"), next); } : undefined);
    });
  }

  all("[data-k-question]", app).forEach((f) => {
    const id = f.getAttribute("data-k-question") || "";
    f.addEventListener("submit", (ev) => {
      ev.preventDefault();
      if (f.hasAttribute("aria-busy")) return;  // its answer is on the way
      errors.clear(f);
      const group = one(f, "[data-k-group]");
      /** @type {import("./checker-state.js").Answer} */
      let value;
      if (questions[id].type === "date") {
        const read = readDateParts(dateFields(one(f, "[data-k-date]")).map((i) => i.value));
        if ("error" in read) {
          errors.show(f, [{ group, text: dateErrorText(S, read.error, "checker.q." + id + ".error") }]);
          return;
        }
        value = read.value;
      } else {
        const checked = /** @type {HTMLInputElement | null} */ (f.querySelector("input[type=radio]:checked"));
        if (!checked) {
          errors.show(f, [{ group, text: S["checker.q." + id + ".error"] }]);
          return;
        }
        value = JSON.parse(checked.value);
      }
      state = flow.answer(state, id, value);
      route(f);
    });
  });

  backButton.addEventListener("click", () => { commit(flow.back(state), true); });

  window.addEventListener("popstate", (ev) => {
    const next = flow.restore(state, ev.state);
    if (!next) return;  // a link to a place on this page, not a step
    if (next.step.kind === "result") result.render(next, (write) => { commit(next, true, write); });
    else commit(next, true);
  });

  one(summaryStep, "[data-k-show-result]").addEventListener("click", () => {
    const next = flow.visit(state, { kind: "result" });
    result.render(next, (write) => { commit(next, true, write); });
  });

  one(resultStep, "[data-k-print]").addEventListener("click", () => { window.print(); });
  one(app, "[data-k-clear]").addEventListener("click", () => {
    all("[data-k-question]", app).forEach((f) => { /** @type {HTMLFormElement} */ (f).reset(); errors.clear(f); });
    onClear();
    result.clear();
    all("[data-k-summary-list], [data-k-result-answers]", app).forEach((l) => { l.textContent = ""; });
    commit(flow.clear(state), true);
    clearedStatus.textContent = S["checker.cleared"];
    window.setTimeout(() => { clearedStatus.textContent = ""; }, 4000);
  });

  return {
    /** Shows the first step (once the page's modules are set up). */
    begin() {
      window.history.replaceState({ kStep: 0 }, "");
      all("[data-k-nojs]").forEach((n) => { n.hidden = true; });
      all("[data-k-app]").forEach((n) => { n.hidden = false; });
      commit(flow.display(state, state.step), false);
    },
    /** The outcome fragments, fetched ahead of the first result. */
    preload: result.preload,
    /** For the letters: the answers' results, or null before a complete path. */
    results() {
      const o = state.outcome;
      return o && { results: o.results, as_of: o.asOf, answers: { ...state.answers } };
    }
  };
}
