// @ts-check
// The result step: HTML from the build's one template.
//
// sitegen/templates/_outcome.html.j2 renders every outcome the flow can end
// in (sjekk/utfall.json, the same template as the pages without JavaScript);
// the page picks each by a key of what the engine returned
// (sitegen/checker_page.py outcome_key, checker-format.js outcomeKey) and
// fills in the day a child's right ends.

import { afterNextPaint, all, el, fill, nodes, one } from "./checker-dom.js";
import { formatDate, outcomeKey } from "./checker-format.js";
import { anyUnknownAnswer } from "./checker-state.js";

/** @typedef {import("./checker-format.js").Strings} Strings */
/** @typedef {import("./checker-state.js").FlowState} FlowState */

const PROGRAMMES = ["individuell_plan", "koordinator", "barnekoordinator"];

/**
 * @param {Object} page
 * @param {HTMLElement} page.root
 * @param {HTMLElement} page.resultStep  the [data-k-result] step
 * @param {Strings} page.S
 * @param {string} page.buildAsOf  the day the build's rules are from
 * @param {(list: HTMLElement, state: FlowState) => void} page.fillSummary
 */
export function setupResult({ root, resultStep, S, buildAsOf, fillSummary }) {
  const outcomesSrc = root.getAttribute("data-k-outcomes-src") || "";
  /** @type {{[key: string]: string} | null} */
  let outcomeHtml = null;   // once fetched
  /** @type {Promise<{[key: string]: string}> | null} */
  let outcomeLoad = null;
  function load() {
    if (!outcomeLoad) {
      const loading = fetch(new URL(outcomesSrc, location.href).href).then((r) => {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).then((d) => { outcomeHtml = d.outcomes; return /** @type {{[key: string]: string}} */ (d.outcomes); });
      loading.catch(() => { outcomeLoad = null; });
      outcomeLoad = loading;
    }
    return outcomeLoad;
  }
  /** @param {string} iso */
  function timeEl(iso) { return el("time", { datetime: iso }, formatDate(S, iso)); }

  // An outcome the build did not prepare (the rules changed since), or no
  // fragments at all: said plainly, with the way without JavaScript.
  function renderFailed() {
    const box = one(resultStep, "[data-k-outcomes]");
    box.textContent = "";
    const p = el("p", { "class": "k-flag" }, S["checker.error.internal"] + " ");
    p.appendChild(el("a", { href: root.getAttribute("data-k-static") || "uten-js/" }, S["checker.flow.start_nojs"]));
    box.appendChild(p);
  }

  /**
   * The outcomes of `state` for the result step: calls show(write) with the
   * function that writes them into the step (at once when the fragments are
   * here, as they are from soon after the first paint), so that the caller
   * decides when the page changes.
   * @param {FlowState} state @param {(write: () => void) => void} show
   */
  function render(state, show) {
    const outcome = state.outcome;
    if (!outcome) { show(renderFailed); return; }
    if (!outcomeHtml) {
      load().then(() => { render(state, show); }, () => { show(renderFailed); });
      return;
    }
    const html = outcomeHtml;
    show(() => { write(state, outcome, html); });
  }

  /** Each outcome fragment parsed once, then copied. @type {Map<string, DocumentFragment>} */
  const parsed = new Map();
  /** @param {string} html */
  function fragment(html) {
    let template = parsed.get(html);
    if (!template) { template = nodes(html); parsed.set(html, template); }
    return /** @type {DocumentFragment} */ (template.cloneNode(true));
  }

  /**
   * @param {FlowState} state @param {import("./checker-state.js").Outcome} outcome
   * @param {{[key: string]: string}} outcomeHtml
   */
  function write(state, outcome, outcomeHtml) {
    // Shown anew (not written again in place): its heading and outcomes are
    // painted first, what follows them (the next steps, the municipality, the
    // letter, the answers; below them on any screen) one frame later
    // (checker.css, [data-k-painting]). The first paint of the result then
    // styles and lays out about half the nodes: 1-3 ms sooner unthrottled,
    // measured with bench's answer_to_result.
    if (resultStep.hidden && !resultStep.hasAttribute("data-k-painting")) {
      resultStep.setAttribute("data-k-painting", "");
      afterNextPaint(() => { resultStep.removeAttribute("data-k-painting"); });
    }
    const box = one(resultStep, "[data-k-outcomes]");
    box.textContent = "";
    let anyUnknown = false;
    let missing = false;
    for (const p of PROGRAMMES) {
      const r = outcome.results[p];
      if (r.outcome === "unknown") anyUnknown = true;
      const html = outcomeHtml[outcomeKey(r, outcome.asOf)];
      if (html === undefined) { missing = true; continue; }
      const frag = fragment(html);
      all("time[data-k-slot=right_ends]", frag).forEach((t) => {
        t.setAttribute("datetime", r.right_ends);
        t.textContent = formatDate(S, r.right_ends);
        t.removeAttribute("data-k-slot");
      });
      box.appendChild(frag);
    }
    if (missing) { renderFailed(); return; }
    // Every next-step link is in the page (the one template, _outcome.html.j2);
    // those the engine named are shown, in the rule data's order.
    const stepsBox = one(resultStep, "[data-k-next-steps]");
    all("[data-k-next-step-item]", stepsBox).forEach((li) => {
      li.hidden = outcome.nextSteps.indexOf(li.getAttribute("data-k-next-step-item") || "") < 0;
    });
    stepsBox.hidden = outcome.nextSteps.length === 0;
    one(resultStep, "[data-k-unknown]").hidden = !(anyUnknown || anyUnknownAnswer(state));
    fillSummary(one(resultStep, "[data-k-result-answers]"), state);
    const meta = one(resultStep, "[data-k-print-meta]");
    meta.textContent = "";
    meta.appendChild(fill(meta.getAttribute("data-k-template") || "", { date: timeEl(outcome.asOf), built: timeEl(buildAsOf) }));
  }

  return {
    render,
    /** Fetches the fragments ahead of the first result. */
    preload: () => load().then(() => {}),
    /** "Clear my answers": no outcome on the page. */
    clear() { one(resultStep, "[data-k-outcomes]").textContent = ""; }
  };
}
