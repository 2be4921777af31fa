// @ts-check
// The checker page's entry module (loaded with <script type="module" async>,
// its imports preloaded by <link rel="modulepreload"> in the page's head).
// It connects the page to the engine (checker-ask.js) and sets up, by
// concern, the question flow (checker-flow.js over checker-state.js and
// checker-result.js), the municipality details (checker-muni.js) and the
// deadline tools (checker-tools.js).
//
// Without this module, or on a browser that runs no modules, the page stays
// as it is without JavaScript: the static flow's link and the rules. Answers
// live only in the page's memory: nothing is stored and nothing is sent.
//
// `checker` is exported for checker-letters.js (ask, and `page`: the results
// and the municipality chosen) and is window.koordinertChecker as well, for
// sw-register.js and the tests.

import { connect } from "./checker-ask.js";
import { all, formErrors, workingNote } from "./checker-dom.js";
import { setupFlow } from "./checker-flow.js";
import { afterPaint, setupMunicipalities } from "./checker-muni.js";
import { setupTools } from "./checker-tools.js";

const root = /** @type {HTMLElement | null} */ (document.querySelector("[data-k-checker]"));
const dataBlock = document.getElementById("k-checker-data");

/** @type {import("./checker-ask.js").Checker | null} */
export const checker = root ? connect(root, window.__koordinertBoot) : null;
if (checker) window.koordinertChecker = checker;

if (root && checker && dataBlock) {
  const data = JSON.parse(dataBlock.textContent || "{}");
  const S = data.strings;
  all("form[data-k-question], form[data-k-tool]", root).forEach(workingNote);
  const errors = formErrors(S);
  const muni = setupMunicipalities(root, S);
  const tools = setupTools({ root, S, lang: data.lang, checker, errors, settle: muni.settle });
  const flow = setupFlow({ root, S, data, checker, errors, settle: muni.settle, onClear: tools.clear });
  checker.page = {
    results: flow.results,
    municipality: muni.chosen,
    municipalities: muni.municipalities
  };
  flow.begin();
  afterPaint(() => { muni.startSettling(); flow.preload().catch(() => {}); });
}
