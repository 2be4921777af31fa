// @ts-check
// The municipality on the checker page: a choice (national site) or a preset
// (a municipality's own site), whose contact and complaint details are shown
// beside the result and the complaint deadline.
//
// A municipality's own site has its details in the page ([data-k-muni]).
// The national site keeps every municipality's details in a file beside the
// page (data-k-muni-src: HTML from the build's autoescaping templates, in
// JSON) and fetches it when a select is first used, so the page stays small
// while Pyodide starts. The selects stay usable meanwhile; if the file cannot
// be fetched, a message says so and the next choice tries again.

import { all, el, nodes } from "./checker-dom.js";

/** @typedef {import("./checker-format.js").Strings} Strings */
/** @typedef {{[id: string]: {[part: string]: any}}} Municipalities */

/**
 * @param {HTMLElement} root @param {Strings} S
 */
export function setupMunicipalities(root, S) {
  const muniSrc = root.getAttribute("data-k-muni-src");
  /** @type {Promise<Municipalities> | null} */
  let muniData = null;  // once asked for
  let muniChoice = 0;   // the latest choice wins if an earlier one is still loading
  /** @returns {Promise<Municipalities>} */
  function load() {
    if (!muniData) {
      const loading = fetch(new URL(/** @type {string} */ (muniSrc), location.href).href).then((r) => {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).then((d) => /** @type {Municipalities} */ (d.municipalities));
      loading.catch(() => { muniData = null; });
      muniData = loading;
    }
    return muniData;
  }
  /** @param {string} id @param {string} part @param {Municipalities | null} fetched @returns {Node | null} */
  function muniPart(id, part, fetched) {
    if (!fetched) {
      const inline = root.querySelector("[data-k-muni='" + id + "'] [data-k-part='" + part + "']");
      return inline && inline.cloneNode(true);
    }
    if (!Object.prototype.hasOwnProperty.call(fetched, id)) return null;
    const box = el("div", { "data-k-part": part });
    box.appendChild(nodes(fetched[id][part]));
    return box;
  }
  // A failure is told only beside the select the visitor used: the other
  // part may be on screen too, and two live regions would say it twice.
  /**
   * @param {string} id @param {Municipalities | null} fetched @param {boolean} failed
   * @param {Element} [origin]
   */
  function fillMunicipality(id, fetched, failed, origin) {
    all("[data-k-muni-target]", root).forEach((target) => {
      const holder = /** @type {HTMLElement} */ (target.closest("[data-k-muni-part]"));
      const source = id && !failed ? muniPart(id, holder.getAttribute("data-k-muni-part") || "", fetched) : null;
      target.textContent = "";
      target.removeAttribute("aria-busy");
      if (source) target.appendChild(source);
      const none = /** @type {HTMLElement | null} */ (holder.querySelector("[data-k-muni-none]"));
      if (none) none.hidden = !!source;
      const status = holder.querySelector("[data-k-muni-status]");
      if (status) status.textContent = failed && origin && holder.contains(origin) ? S["checker.muni.failed"] : "";
    });
  }
  // A list of every municipality is costly where the part around it is shown
  // again and again: after display: none, a slow phone styles and measures
  // each of the ~357 options anew (15-17 ms to show the result step on a
  // slow 2-core machine). So a select in a hidden part keeps only the empty
  // choice and the chosen municipality, and gets the whole list back once its
  // part has been painted and the browser is idle, or at once when it gets
  // focus or a pointer: the list is whole before anyone can choose from it.
  // Each select with its own option nodes, in page order: taken out and put back.
  // `trimmed`: the municipality the list was last trimmed around (null: whole
  // or changed since), so that a list already trimmed is not walked again.
  /** @typedef {{select: HTMLSelectElement, full: HTMLOptionElement[], trimmed: string | null}} MuniList */
  /** @type {MuniList[]} */
  const lists = /** @type {HTMLSelectElement[]} */ (all("[data-k-muni-select]", root)).map((select) => (
    { select, full: Array.from(select.options), trimmed: null }));
  let chosen = "";
  /** @param {MuniList} list */
  function fillList(list) {
    if (list.select.options.length === list.full.length) return;
    list.trimmed = null;
    list.full.forEach((o) => list.select.appendChild(o));  // moves each node, so the order is the page's
    list.select.value = chosen;
  }
  /** @param {MuniList} list */
  function trimList(list) {
    if (document.activeElement === list.select || list.trimmed === chosen) return;
    list.full.forEach((o) => {
      if (o.value !== "" && o.value !== chosen && o.parentNode) o.remove();
    });
    list.trimmed = chosen;
  }
  // Not before the page's first paint: no part with a list can be shown
  // before Python is ready, and the first question should not wait for this.
  let settling = false;
  /** The selects' lists after a step or a tool's result was shown or hidden. */
  function settle() {
    if (!settling) return;
    lists.forEach((list) => {
      if (list.select.closest("[hidden]")) { trimList(list); return; }
      if (list.select.options.length === list.full.length) return;
      afterPaint(() => { if (!list.select.closest("[hidden]")) fillList(list); });
    });
  }
  /** @param {string} id @param {Element} [origin] */
  function show(id, origin) {
    chosen = id || "";
    lists.forEach((list) => {
      list.full.forEach((o) => { if (o.value === chosen && !o.parentNode) list.select.appendChild(o); });
      if (list.trimmed !== chosen) list.trimmed = null;
      list.select.value = chosen;
    });
    const choice = ++muniChoice;
    if (!muniSrc || !id) { fillMunicipality(id, null, false); return; }
    all("[data-k-muni-target]", root).forEach((t) => { t.setAttribute("aria-busy", "true"); });
    load().then((fetched) => {
      if (choice === muniChoice) fillMunicipality(id, fetched, false);
    }, () => {
      if (choice === muniChoice) fillMunicipality(id, null, true, origin);
    });
  }
  const preset = root.querySelector("[data-k-muni-preset]");
  if (preset) show(preset.getAttribute("data-k-muni-preset") || "");
  lists.forEach((list) => {
    const s = list.select;
    s.addEventListener("change", () => { show(s.value, s); });
    // Start the fetch as soon as a visitor reaches for the list.
    for (const type of ["focus", "pointerdown"]) {
      s.addEventListener(type, () => {
        fillList(list);
        if (muniSrc) load().catch(() => {});
      });
    }
  });
  return {
    settle,
    /** From the first paint on, the lists are trimmed and filled as parts show. */
    startSettling() { settling = true; settle(); },
    /** The municipality chosen (or preset), "" for none. */
    chosen: () => chosen,
    /** Every municipality's details, or null where the page has its one municipality inline. */
    municipalities: () => (muniSrc ? load() : Promise.resolve(null))
  };
}

/**
 * Once the browser has painted and has a moment (not every browser has
 * requestIdleCallback; there, soon after the paint).
 * @param {() => void} work
 */
export function afterPaint(work) {
  window.requestAnimationFrame(() => {
    if (window.requestIdleCallback) window.requestIdleCallback(work, { timeout: 300 });
    else window.setTimeout(work, 50);
  });
}
