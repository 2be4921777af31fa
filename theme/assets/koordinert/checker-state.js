// @ts-check
// The question flow's state: one object, changed only by the transitions
// below, each a pure function that returns a new state and leaves the old
// one as it was. No DOM, no window, no request: the page (checker-flow.js)
// calls a transition, then shows the state it got; Node's test runner tests
// them alone (tests/js/state.test.mjs).
//
// The answers live only in this object, in the page's memory: nothing is
// stored and nothing is sent anywhere. The browser's history holds only a
// step number (`at`), an index into `history`.

/** @typedef {string | number | boolean} Answer  a date is an ISO string */
/** @typedef {{[id: string]: Answer}} Answers */
/** @typedef {{kind: "question", id: string} | {kind: "summary"} | {kind: "result"}} Step */
/**
 * What the engine said about a complete path (the result step shows it).
 * @typedef {{results: {[programme: string]: any}, nextSteps: string[], asOf: string}} Outcome
 */
/**
 * @typedef {Object} FlowState
 * @property {string} first  the flow's first question
 * @property {Readonly<Answers>} given  every answer given, also to questions no longer on the path
 * @property {readonly string[]} path  the questions on the current path, in order
 * @property {Readonly<Answers>} answers  the answers on that path (the engine's)
 * @property {Outcome | null} outcome  set once the path is complete
 * @property {Step} step  the step on screen
 * @property {readonly Step[]} history  the steps visited, one per browser history entry
 * @property {number} at  the history entry of the step on screen
 */
/**
 * A response of the engine's checker.flow.route without an error.
 * @typedef {{path: string[], answers: Answers, complete: boolean,
 *   next_question?: string | null, results?: {[programme: string]: any}, next_steps?: string[]}} Routed
 */

/** @param {Step} a @param {Step} b */
export function sameStep(a, b) {
  return a.kind === b.kind && (a.kind !== "question" || (b.kind === "question" && a.id === b.id));
}

/** @param {string} id @returns {Step} */
export function question(id) {
  return { kind: "question", id };
}

/**
 * The state on arrival: the first question, nothing answered.
 * @param {string} first @returns {FlowState}
 */
export function start(first) {
  const step = question(first);
  return { first, given: {}, path: [], answers: {}, outcome: null, step, history: [step], at: 0 };
}

/**
 * Shows `step` without a new history entry (the first paint, or a question
 * shown again with an error the engine found).
 * @param {FlowState} state @param {Step} step @returns {FlowState}
 */
export function display(state, step) {
  return { ...state, step };
}

/**
 * Moves on to `step` as a new history entry; the entries after the current
 * one are dropped, as a browser drops its forward entries. Moving to the step
 * already shown changes nothing.
 * @param {FlowState} state @param {Step} step @returns {FlowState}
 */
export function visit(state, step) {
  if (sameStep(state.step, step)) return state;
  const at = state.at + 1;
  return { ...state, step, history: [...state.history.slice(0, at), step], at };
}

/**
 * An answer given to question `id`: remembered (it replaces an earlier one);
 * which question comes next is the engine's to say (`route`, then `routed`).
 * @param {FlowState} state @param {string} id @param {Answer} value @returns {FlowState}
 */
export function answer(state, id, value) {
  return { ...state, given: { ...state.given, [id]: value } };
}

/**
 * The request that replays the flow with every answer given so far.
 * @param {FlowState} state @param {string} asOf
 */
export function route(state, asOf) {
  return { command: "flow.route", as_of: asOf, answers: { ...state.given } };
}

/**
 * The engine's reply to `route`: its path and the answers still on it are
 * kept (an answer to a question no longer asked drops out of them, and stays
 * in `given` should the visitor go back to it); then the first unanswered
 * question, or the summary when none is left.
 * @param {FlowState} state @param {Routed} r @param {string} asOf @returns {FlowState}
 */
export function routed(state, r, asOf) {
  const next = { ...state, path: [...r.path], answers: { ...r.answers } };
  if (r.complete) {
    next.outcome = { results: r.results || {}, nextSteps: r.next_steps || [], asOf };
    return visit(next, { kind: "summary" });
  }
  next.outcome = null;
  return visit(next, question(/** @type {string} */ (r.next_question)));
}

/**
 * Where the page's Back link leads from the step on screen, or null where
 * there is no way back (the first question).
 * @param {FlowState} state @returns {Step | null}
 */
export function backTarget(state) {
  const step = state.step;
  if (step.kind === "result") return { kind: "summary" };
  if (step.kind === "summary") return state.path.length ? question(state.path[state.path.length - 1]) : null;
  const index = state.path.indexOf(step.id);
  return index > 0 ? question(state.path[index - 1]) : null;
}

/**
 * The page's Back link: one step back, as a new history entry.
 * @param {FlowState} state @returns {FlowState}
 */
export function back(state) {
  const target = backTarget(state);
  return target ? visit(state, target) : state;
}

/**
 * Whether the Back link is offered on the step on screen.
 * @param {FlowState} state
 */
export function canGoBack(state) {
  return backTarget(state) !== null;
}

/**
 * "Change" beside an answer in the summary: its question again, with the
 * answer given. Answering it replays the flow (`answer`, `route`): the answers
 * still on the new path are kept, the others drop out.
 * @param {FlowState} state @param {string} id @returns {FlowState}
 */
export function change(state, id) {
  if (!state.path.includes(id)) return state;
  return visit(state, question(id));
}

/**
 * The answer given to question `id`, if any (to fill in its form again).
 * @param {FlowState} state @param {string} id @returns {Answer | undefined}
 */
export function given(state, id) {
  return Object.prototype.hasOwnProperty.call(state.given, id) ? state.given[id] : undefined;
}

/**
 * "Clear my answers": every answer and outcome gone, the first question
 * again as a new history entry (the earlier entries lead back to the start).
 * @param {FlowState} state @returns {FlowState}
 */
export function clear(state) {
  const fresh = { ...state, given: {}, path: [], answers: {}, outcome: null };
  return visit(fresh, question(state.first));
}

/**
 * The browser's Back or Forward button brought history entry `at` back. An
 * entry this page does not know (from before a reload) and a summary or result
 * with no outcome behind it (from before "clear my answers") start again at
 * the first question. Returns null for an entry that is not a step (a link to
 * a place on the page).
 * @param {FlowState} state @param {unknown} entry  the history entry's state
 * @returns {FlowState | null}
 */
export function restore(state, entry) {
  const at = entry && typeof entry === "object" && "kStep" in entry ? entry.kStep : null;
  if (typeof at !== "number") return null;
  let step = state.history[at];
  if (!step || (step.kind !== "question" && !state.outcome)) step = question(state.first);
  return { ...state, step, at };
}

/**
 * Whether any answer on the path is "I don't know".
 * @param {FlowState} state
 */
export function anyUnknownAnswer(state) {
  return state.path.some((id) => state.answers[id] === "unknown");
}
