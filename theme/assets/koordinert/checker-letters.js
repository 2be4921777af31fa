// @ts-check
// The letters on the checker page (issue 16): the request to the municipality
// from the checker's result, the complaint from the complaint deadline tool,
// and the complaint when there is no written decision.
//
// The letter is written by the Python checker (command "letter", checker/
// letters.py): the page never words a letter itself. Until Python is ready
// the letter comes at once from what the build wrote with the same Python
// (sjekk/instant-letters.json, filled in by checker-letters-instant.js with
// the visitor's words and the day's dates; fetched when a letter section is
// shown, never before the first question); once Python is ready every letter
// comes from window.koordinertChecker.ask, and the words are the same
// (tests/checker/test_instant_letters.py). A letter the build did not prepare
// (another day's rules, a date outside the window) waits for Python with
// "working …" beside the button (the same note and string as the deadline
// tools); if Python cannot start, the form says so and links the letter
// template without JavaScript (sjekk/brev/<slug>/).
//
// The letter is shown in an editable text area, with Print (a print view of
// the letter alone, letter.css), Copy and Download (.txt, made in the page).
// Nothing is stored or sent; "clear my answers" clears the letters too.
const root = /** @type {HTMLElement | null} */ (document.querySelector("[data-k-checker]"));
const dataBlock = document.getElementById("k-checker-data");
import { checker } from "./checker-page.js";
import { all, one } from "./checker-dom.js";

/** @typedef {import("./checker-ask.js").Checker} Checker */
/** @typedef {import("./checker-ask.js").PageHooks} PageHooks */
/** @typedef {import("./checker-ask.js").Json} Json */
/** @typedef {import("./checker-format.js").Strings} Strings */
/** The complaint deadline tool's values and answer (checker-tools.js's k-tool-result event).
 * @typedef {{values: {[name: string]: string}, response: Json}} ToolResult */
/** A kind of letter: the fields its form sends, and the request from the page's
 * answers (null: nothing to write yet).
 * @typedef {{fields: string[], request: (form: HTMLElement) => Json | null}} LetterKind */
/** What the build prepared, loaded while Python is not ready.
 * @typedef {{letters: typeof import("./checker-letters-instant.js"), instant: typeof import("./checker-instant.js"),
 *   table: import("./checker-letters-instant.js").LettersTable, dates: import("./checker-instant.js").DatesTable}} PreparedFiles */

if (root && dataBlock && checker && checker.page) {
  // An element's textContent is a string (null only on a document or doctype).
  setupLetters(root, checker, checker.page, JSON.parse(/** @type {string} */ (dataBlock.textContent)));
}

/**
 * The letters in the checker page's `root`, after checker-page.js has set the page up.
 * @param {HTMLElement} root @param {Checker} checker @param {PageHooks} page
 * @param {Json} data  the page's data block
 */
function setupLetters(root, checker, page, data) {
  /** @type {Strings} */
  const S = data.strings;
  /** @type {string} */
  const lang = data.lang;
  const ELIGIBLE = ["eligible", "unknown", "uncertain"];
  const PROGRAMMES = ["individuell_plan", "koordinator", "barnekoordinator"];
  /** @type {ToolResult | null} */
  let complaintTool = null;  // {values, response} of the complaint deadline tool
  /** @type {HTMLElement | null} */
  let printView = null;
  /** @type {Map<HTMLElement, string>} */
  let downloadUrls = new Map();

  function asOf() {
    const fixed = root.getAttribute("data-k-as-of");
    if (fixed) return fixed;
    const now = new Date();
    const pad = /** @param {number} n */ (n) => (n < 10 ? "0" : "") + n;
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  // The addressee of a letter of this kind: on a municipality's own site from
  // the page's data, on the national site from the municipality chosen (its
  // details in sjekk/kommuner.json, fetched by checker-flow.js). Without a
  // choice the letter has blank lines to fill in.
  /** @param {string} kind @returns {Promise<{to: Json, send_lang: string} | null>} */
  async function addressee(kind) {
    const key = kind === "request" ? "request" : "complaint";
    if (data.letter_to) return { to: data.letter_to[key], send_lang: data.letter_to.send_lang };
    const id = page.municipality();
    if (!id) return null;
    try {
      const fetched = await page.municipalities();
      const entry = fetched && fetched[id] && fetched[id].letter;
      return entry ? { to: entry[key], send_lang: entry.send_lang } : null;
    } catch (e) {
      return null;  // the letter gets blank lines; the select says it failed
    }
  }

  /** @param {HTMLElement} form @param {string[]} names */
  function fields(form, names) {
    /** @type {{[name: string]: string}} */
    const out = {};
    names.forEach((name) => {
      const input = /** @type {HTMLInputElement | HTMLTextAreaElement | null} */ (form.querySelector("[name=" + name + "]"));
      const value = input && !input.closest("[hidden]") ? input.value.trim() : "";
      if (value) out[name] = value;
    });
    return out;
  }
  /** @param {HTMLElement} form @param {string} name */
  function checked(form, name) {
    return /** @type {HTMLInputElement[]} */ (all("input[name=" + name + "]:checked", form)).map((i) => i.value);
  }

  // --- the letters the build prepared ---------------------------------------
  // Two small ES modules and two JSON files beside the checker page, loaded
  // once (again after a failure), only while Python is not ready.
  /** @type {Promise<PreparedFiles | null> | null} */
  let preparedLoad = null;
  function loadPrepared() {
    if (!preparedLoad) {
      // Both attributes are on the page whenever data-k-instant-dates is.
      /** @param {string} attr @param {string} name */
      const beside = (attr, name) => new URL(name, new URL(root.getAttribute(attr) || "", location.href)).href;
      /** @param {string} url */
      const json = (url) => fetch(url).then((r) => {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      });
      preparedLoad = Promise.all([
        /** @type {Promise<PreparedFiles["letters"]>} */ (import(beside("data-k-instant-module", "checker-letters-instant.js"))),
        /** @type {Promise<PreparedFiles["instant"]>} */ (import(beside("data-k-instant-module", "checker-instant.js"))),
        json(beside("data-k-instant-dates", "instant-letters.json")),
        json(beside("data-k-instant-dates", "instant-dates.json"))
      ]).then(([letters, instant, table, dates]) => ({ letters, instant, table, dates }), () => {
        preparedLoad = null;
        return null;
      });
    }
    return preparedLoad;
  }
  function preload() {
    if (checker.state() !== "ready" && root.hasAttribute("data-k-instant-dates")) loadPrepared();
  }
  // The build's letter for this request, or null (then Python writes it).
  /** @param {Json} request @returns {Promise<Json | null>} */
  async function prepared(request) {
    if (checker.state() === "ready" || !root.hasAttribute("data-k-instant-dates")) return null;
    const got = await loadPrepared();
    if (!got || checker.state() === "ready") return null;
    try {
      return got.letters.letter(got.table, request,
        (r) => got.instant.answer({ dates: got.dates }, r));
    } catch (e) {
      return null;
    }
  }

  // --- what each letter asks for ----------------------------------------
  // The programmes the answers point to: those not ruled out (a barnekoordinator
  // is never for the person asking for themself).
  /** @param {{results: Json, answers: Json}} got */
  function fitting(got) {
    return PROGRAMMES.filter((p) => got.results[p] && ELIGIBLE.indexOf(got.results[p].outcome) >= 0)
      .filter((p) => !(p === "barnekoordinator" && got.answers.for_whom === "self"));
  }
  /** @type {{[kind: string]: LetterKind}} */
  const kinds = {
    request: {
      fields: ["who", "help_today", "hard", "preferred_coordinator"],
      request() {
        const got = page.results();
        if (!got) return null;
        /** @type {Json} */
        const request = { programmes: fitting(got) };
        const forWhom = got.answers.for_whom;
        if (typeof forWhom === "string") request.for_whom = forWhom;
        return request;
      }
    },
    complaint: {
      fields: ["case_number", "refused", "wants", "why", "late_reason"],
      request(form) {
        if (!complaintTool) return null;
        return { programmes: checked(form, "programmes"), received: complaintTool.values.received,
          basis: complaintTool.values.basis };
      }
    },
    complaint_no_decision: {
      fields: ["what_happened", "wants", "why"],
      request(form) {
        /** @type {Json} */
        const request = { programmes: checked(form, "programmes") };
        const situation = checked(form, "situation")[0];
        if (situation) request.situation = situation;
        return request;
      }
    }
  };

  // --- errors (the same pattern as the checker's forms) --------------------
  const baseTitle = document.title;
  /** @param {HTMLElement} form */
  function clearErrors(form) {
    const summary = /** @type {HTMLElement | null} */ (form.querySelector("[data-k-error-summary]"));
    if (!summary) return;
    summary.hidden = true;
    one(summary, "[data-k-error-list]").textContent = "";
    all("[data-k-group]", form).forEach((g) => {
      g.classList.remove("k-form-group--error");
      one(g, "[data-k-error]").hidden = true;
    });
    document.title = baseTitle;
  }
  /** @param {HTMLElement} form @param {string} text */
  function showError(form, text) {
    const summary = one(form, "[data-k-error-summary]");
    const group = one(form, "[data-k-field=programmes]");
    group.classList.add("k-form-group--error");
    const msg = one(group, "[data-k-error]");
    one(msg, "[data-k-error-text]").textContent = text;
    msg.hidden = false;
    const fieldset = one(group, "fieldset");
    fieldset.setAttribute("aria-describedby", msg.id);
    const target = one(group, "input");
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = "#" + target.id;
    a.textContent = text;
    a.addEventListener("click", (ev) => { ev.preventDefault(); target.focus(); });
    li.appendChild(a);
    const list = one(summary, "[data-k-error-list]");
    list.textContent = "";
    list.appendChild(li);
    summary.hidden = false;
    document.title = S["checker.error.prefix"] + " " + baseTitle;
    summary.focus();
  }

  // --- "working …" beside the button while Python starts ------------------
  /** @param {HTMLElement} form */
  function workingNote(form) {
    let note = /** @type {HTMLElement | null} */ (form.querySelector("[data-k-working-note]"));
    if (!note) {
      note = document.createElement("p");
      note.className = "k-working";
      note.setAttribute("role", "status");
      note.setAttribute("data-k-working-note", "");
      const button = one(form, "[data-k-letter-write]");
      /** @type {ParentNode} */ (button.parentNode).insertBefore(note, button.nextSibling);
    }
    return note;
  }

  // --- the letter on screen ------------------------------------------------
  /** @param {HTMLElement} section */
  function reset(section) {
    const output = one(section, "[data-k-letter-output]");
    output.hidden = true;
    texts(output).forEach((t) => { t.value = ""; });
    one(output, "[data-k-letter-notes]").textContent = "";
    one(output, "[data-k-letter-status]").textContent = "";
    const link = one(output, "[data-k-letter-download]");
    const old = downloadUrls.get(link);
    if (old) { URL.revokeObjectURL(old); downloadUrls.delete(link); }
    link.setAttribute("href", "#");
    one(section, "[data-k-letter-failed]").hidden = true;
  }

  // The letter's text areas: the text, and on an English page the Norwegian one to send.
  /** @param {HTMLElement} output */
  function texts(output) {
    return /** @type {HTMLTextAreaElement[]} */ (all("[data-k-letter-text], [data-k-letter-send]", output));
  }
  /** @param {HTMLElement} output */
  function letterText(output) {
    return /** @type {HTMLTextAreaElement} */ (one(output, "[data-k-letter-text]"));
  }
  /** @param {HTMLElement} output */
  function sendArea(output) {
    return /** @type {HTMLTextAreaElement | null} */ (output.querySelector("[data-k-letter-send]"));
  }

  // The text to send: the Norwegian one on an English page.
  /** @param {HTMLElement} output */
  function sendText(output) {
    const send = sendArea(output);
    return (send || letterText(output)).value;
  }

  /** @param {HTMLElement} output */
  function updateDownload(output) {
    const link = one(output, "[data-k-letter-download]");
    const old = downloadUrls.get(link);
    if (old) URL.revokeObjectURL(old);
    const text = sendText(output).replace(/\r?\n/g, "\r\n");
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    downloadUrls.set(link, url);
    link.setAttribute("href", url);
  }

  // The subject line as the letter was written (its fourth block: after the
  // sender, the addressee and the date), printed in bold while it is unchanged.
  /** @type {WeakMap<HTMLElement, string>} */
  const subjects = new WeakMap();
  /** @param {HTMLElement} section @param {Json} r  the engine's letter */
  function showLetter(section, r) {
    const output = one(section, "[data-k-letter-output]");
    subjects.set(output, ((r.send_text || r.text).split(/\n{2,}/)[3] || "").trim());
    letterText(output).value = r.text;
    const send = sendArea(output);
    if (send) send.value = r.send_text || r.text;
    const notes = one(output, "[data-k-letter-notes]");
    notes.textContent = "";
    (r.notes_text || []).forEach(/** @param {string} line */ (line) => {
      const li = document.createElement("li");
      li.textContent = line;
      notes.appendChild(li);
    });
    one(output, "[data-k-letter-status]").textContent = "";
    output.hidden = false;
    updateDownload(output);
    // The letter itself gets the focus: a screen reader hears its label, "The letter".
    // From its first line.
    const area = letterText(output);
    area.focus();
    area.setSelectionRange(0, 0);
    area.scrollTop = 0;
  }

  /** @param {HTMLElement} section @param {HTMLElement} form */
  async function write(section, form) {
    // A section found by its [data-k-letter]: the attribute is there.
    const kind = /** @type {string} */ (section.getAttribute("data-k-letter"));
    const spec = kinds[kind];
    if (form.hasAttribute("aria-busy")) return;
    clearErrors(form);
    const base = spec.request(form);
    if (!base) return;
    if (!base.programmes.length) { showError(form, S["letter.ui.error_programmes"]); return; }
    const request = Object.assign({ command: "letter", kind: kind, as_of: asOf(), lang: lang }, base);
    const got = await addressee(kind);
    if (got && got.to) request.addressee = got.to;
    // The national page asks for a municipality until one is in the letter.
    const noMuni = /** @type {HTMLElement | null} */ (form.querySelector("[data-k-letter-no-muni]"));
    if (noMuni) noMuni.hidden = !!(got && got.to);
    if (lang === "en") request.send_lang = got && got.send_lang ? got.send_lang : "nb";
    const written = fields(form, spec.fields);
    if (Object.keys(written).length) request.fields = written;
    const note = workingNote(form);
    const button = one(form, "[data-k-letter-write]");
    const failed = one(section, "[data-k-letter-failed]");
    failed.hidden = true;
    const r = await prepared(request) || await checker.ask(request, () => {
      note.textContent = S["checker.working"];
      button.setAttribute("aria-disabled", "true");
      form.setAttribute("aria-busy", "true");
    });
    note.textContent = "";
    button.removeAttribute("aria-disabled");
    form.removeAttribute("aria-busy");
    if (r.error) {
      if (r.error.field === "programmes") {
        showError(form, S["letter.ui.error_programmes"]);
      } else {
        one(failed, "[data-k-letter-failed-text]").textContent =
          S[r.error.code === "unavailable" ? "letter.ui.unavailable" : "checker.error.internal"];
        failed.hidden = false;
      }
      return;
    }
    showLetter(section, r);
  }

  // --- Print: the letter alone, as letter.css prints a letter --------------
  /** @param {HTMLElement} output */
  function print(output) {
    if (!printView) {
      printView = document.createElement("div");
      printView.className = "k-letter k-letter-print";
      printView.setAttribute("data-k-letter-print-view", "");
      document.body.appendChild(printView);
    }
    const view = printView;  // a const: there, in the callback below as well
    view.textContent = "";
    const send = sendArea(output);
    // String(): as setAttribute would make of a send area without lang (the template gives it one).
    view.setAttribute("lang", send ? String(send.getAttribute("lang")) : lang);
    const subject = subjects.get(output);
    sendText(output).split(/\n{2,}/).forEach((chunk) => {
      const p = document.createElement("p");
      p.textContent = chunk;
      if (subject && chunk.trim() === subject) p.className = "k-letter-print__subject";
      view.appendChild(p);
    });
    document.documentElement.classList.add("k-printing-letter");
    window.print();
  }
  // Once printed, the page prints as itself again (Ctrl+P prints the result).
  window.addEventListener("afterprint", () => {
    document.documentElement.classList.remove("k-printing-letter");
  });
  // The checker's own Print button prints the result, not a letter.
  all("[data-k-print]", root).forEach((b) => b.addEventListener("click", () => {
    document.documentElement.classList.remove("k-printing-letter");
  }, true));

  /** @param {HTMLElement} output */
  async function copy(output) {
    const status = one(output, "[data-k-letter-status]");
    status.textContent = "";
    try {
      await navigator.clipboard.writeText(sendText(output));
      status.textContent = S["letter.ui.copied"];
    } catch (e) {
      const area = sendArea(output) || letterText(output);
      area.focus();
      area.select();
      status.textContent = S["letter.ui.copy_failed"];
    }
  }

  all("[data-k-letter]", root).forEach((section) => {
    const form = one(section, "[data-k-letter-form]");
    const output = one(section, "[data-k-letter-output]");
    workingNote(form);
    form.addEventListener("submit", (ev) => { ev.preventDefault(); write(section, form); });
    one(output, "[data-k-letter-print]").addEventListener("click", () => print(output));
    one(output, "[data-k-letter-copy]").addEventListener("click", () => copy(output));
    texts(output).forEach((t) => {
      t.addEventListener("change", () => updateDownload(output));
    });
    one(output, "[data-k-letter-download]").addEventListener("click", () => updateDownload(output));
  });

  // The complaint letter belongs to the complaint tool's result.
  const complaintSection = /** @type {HTMLElement | null} */ (root.querySelector("[data-k-letter=complaint]"));
  const complaintForm = root.querySelector("form[data-k-tool=complaint]");
  if (complaintSection && complaintForm) {
    // On the way down (capture, on an ancestor): before the tool's own submit
    // handler, whose answer may come at once from the prepared tables (its
    // result event would otherwise come before this and be undone).
    root.addEventListener("submit", (ev) => {
      if (ev.target !== complaintForm) return;
      complaintTool = null;
      complaintSection.hidden = true;
      reset(complaintSection);
    }, true);
    complaintForm.addEventListener("k-tool-result", (ev) => {
      // checker-tools.js's CustomEvent: the tool's values and its answer.
      const detail = /** @type {CustomEvent<ToolResult>} */ (ev).detail;
      const r = detail.response;
      if (r.error || r.status !== "known") return;
      complaintTool = detail;
      one(complaintSection, "[data-k-letter-late]").hidden = !r.late;
      complaintSection.hidden = false;
      preload();
    });
  }
  // New answers make a new request letter; when they point to nothing, there
  // is nothing to ask for and no button.
  all("[data-k-show-result]", root).forEach((b) => b.addEventListener("click", () => {
    const section = one(root, "[data-k-letter=request]");
    reset(section);
    const got = page.results();
    section.hidden = !got || fitting(got).length === 0;
    if (!section.hidden) preload();
  }));
  // The letter without a decision is on the page from the start: its letters
  // are fetched when a visitor goes into its form.
  all("[data-k-letter-form]", root).forEach((f) => f.addEventListener("focusin", preload));

  // "Clear my answers" clears the letters and everything typed for them.
  all("[data-k-clear]", root).forEach((b) => b.addEventListener("click", () => {
    complaintTool = null;
    all("[data-k-letter]", root).forEach((section) => {
      const form = /** @type {HTMLFormElement} */ (one(section, "[data-k-letter-form]"));
      form.reset();
      all("[data-k-letter-no-muni]", section).forEach((n) => { n.hidden = false; });
      clearErrors(form);
      reset(section);
    });
    if (complaintSection) complaintSection.hidden = true;
    if (printView) { printView.remove(); printView = null; }
    document.documentElement.classList.remove("k-printing-letter");
  }));
}
