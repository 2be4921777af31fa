// @ts-check
// Small DOM helpers the checker page's modules share: building nodes,
// sentences with {placeholders}, links to the law, the error pattern of the
// forms (GOV.UK's: a summary at the top, the message at the field) and the
// "working …" note beside a button whose answer waits for Python.

/** @typedef {import("./checker-format.js").Strings} Strings */
/** @typedef {{law: string, paragraph: string, url: string}} LawRef */

/**
 * Every element matching `selector` in `scope`, as an array.
 * @param {string} selector @param {ParentNode} [scope] @returns {HTMLElement[]}
 */
export function all(selector, scope) {
  return Array.from((scope || document).querySelectorAll(selector));
}

/**
 * The element matching `selector` in `scope`, which the page's HTML always
 * has (a missing one is a mistake in the template, and fails here, by name).
 * @param {ParentNode} scope @param {string} selector @returns {HTMLElement}
 */
export function one(scope, selector) {
  const node = scope.querySelector(selector);
  if (!node) throw new Error("checker page: no " + selector);
  return /** @type {HTMLElement} */ (node);
}

/**
 * Right after the browser's next paint (a task queued from the frame's
 * animation callbacks runs once the frame is painted).
 * @param {() => void} work
 */
export function afterNextPaint(work) {
  window.requestAnimationFrame(() => { window.setTimeout(work, 0); });
}

/**
 * A new element with attributes and, optionally, its text.
 * @param {string} tag @param {{[name: string]: string}} [attrs] @param {string} [text]
 * @returns {HTMLElement}
 */
export function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A sentence with {placeholders} filled by text or nodes.
 * @param {string} template @param {{[name: string]: string | number | Node}} values
 */
export function fill(template, values) {
  const frag = document.createDocumentFragment();
  for (const piece of template.split(/(\{\w+\})/)) {
    const m = /^\{(\w+)\}$/.exec(piece);
    if (!m || !(m[1] in values)) { frag.appendChild(document.createTextNode(piece)); continue; }
    const v = values[m[1]];
    frag.appendChild(typeof v === "string" || typeof v === "number" ? document.createTextNode(String(v)) : v);
  }
  return frag;
}

/**
 * A paragraph of `template` filled with `values`.
 * @param {string} template @param {{[name: string]: string | number | Node}} [values] @param {string} [cls]
 */
export function para(template, values, cls) {
  const p = el("p", cls ? { "class": cls } : {});
  p.appendChild(fill(template, values || {}));
  return p;
}

/** @param {Strings} S @param {LawRef} ref */
export function lawLink(S, ref) {
  return el("a", { href: ref.url, hreflang: "no" }, S["checker.law." + ref.law] + " " + ref.paragraph);
}

/** @param {Strings} S @param {LawRef[]} refs */
export function lawList(S, refs) {
  const frag = document.createDocumentFragment();
  refs.forEach((ref, i) => {
    if (i) frag.appendChild(document.createTextNode(", "));
    frag.appendChild(lawLink(S, ref));
  });
  return frag;
}

/**
 * HTML from the build's templates, parsed in an inert document of its own
 * (nothing runs or loads there), then moved into this page as nodes.
 * @param {string} html
 */
export function nodes(html) {
  const body = new DOMParser().parseFromString(html, "text/html").body;
  const frag = document.createDocumentFragment();
  while (body.firstChild) frag.appendChild(document.adoptNode(body.firstChild));
  return frag;
}

// --- errors --------------------------------------------------------------
/** @typedef {{group: HTMLElement, text: string}} FieldError */

/**
 * The forms' error pattern, with the page's title to prefix while an error shows.
 * @param {Strings} S
 */
export function formErrors(S) {
  const baseTitle = document.title;
  return {
    /** @param {HTMLElement} form */
    clear(form) {
      const summary = one(form, "[data-k-error-summary]");
      summary.hidden = true;
      one(summary, "[data-k-error-list]").textContent = "";
      all("[data-k-group]", form).forEach((g) => {
        g.classList.remove("k-form-group--error");
        one(g, "[data-k-error]").hidden = true;
        all("input, select", g).forEach((i) => {
          i.removeAttribute("aria-invalid");
          i.classList.remove("k-input--error");
        });
      });
      document.title = baseTitle;
    },
    /** @param {HTMLElement} form @param {FieldError[]} errors */
    show(form, errors) {
      const summary = one(form, "[data-k-error-summary]");
      const list = one(summary, "[data-k-error-list]");
      for (const e of errors) {
        const g = e.group;
        g.classList.add("k-form-group--error");
        const msg = one(g, "[data-k-error]");
        one(msg, "[data-k-error-text]").textContent = e.text;
        msg.hidden = false;
        const inputs = /** @type {HTMLInputElement[]} */ (all("input", g));
        let target = inputs[0];
        if (g.querySelector("[data-k-date]")) {
          inputs.forEach((i) => { i.setAttribute("aria-invalid", "true"); i.classList.add("k-input--error"); });
          target = inputs.filter((i) => !i.value.trim())[0] || inputs[0];
        }
        const fieldset = one(g, "fieldset");
        const described = (fieldset.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && x !== msg.id);
        described.push(msg.id);
        fieldset.setAttribute("aria-describedby", described.join(" "));
        const li = el("li");
        const a = el("a", { href: "#" + target.id }, e.text);
        a.addEventListener("click", (ev) => { ev.preventDefault(); target.focus(); });
        li.appendChild(a);
        list.appendChild(li);
      }
      summary.hidden = false;
      document.title = S["checker.error.prefix"] + " " + baseTitle;
      summary.focus();
    }
  };
}

/**
 * The message for an error code of the engine's (or "unavailable" when
 * Python could not start and the build did not prepare the answer).
 * @param {Strings} S @param {string} code
 */
export function errorText(S, code) {
  if (code === "unavailable") return S["checker.unavailable"];
  return S["checker.error.date_" + code] || S["checker.error.internal"];
}

/**
 * The message for a date that could not be read; a missing one may have a
 * message of its own (`missingKey`).
 * @param {Strings} S @param {string} code @param {string} [missingKey]
 */
export function dateErrorText(S, code, missingKey) {
  if (code === "missing" && missingKey) return S[missingKey];
  return S["checker.error.date_" + code] || S["checker.error.internal"];
}

/**
 * The date typed in a [data-k-date] box's day, month and year fields.
 * @param {HTMLElement} box
 */
export function dateFields(box) {
  return ["day", "month", "year"].map((p) => /** @type {HTMLInputElement} */ (one(box, "[data-k-part=" + p + "]")));
}

/**
 * Fills a [data-k-date] box with an ISO date, or empties it.
 * @param {HTMLElement} box @param {string} iso
 */
export function setDate(box, iso) {
  const [day, month, year] = dateFields(box);
  const p = iso ? iso.split("-") : ["", "", ""];
  year.value = p[0];
  month.value = iso ? String(+p[1]) : "";
  day.value = iso ? String(+p[2]) : "";
}

// --- "working …" -----------------------------------------------------------

/**
 * A form whose answer has to wait for Python says so beside its button, in a
 * status region made at the start (an empty one is not announced).
 * @param {HTMLElement} form
 */
export function workingNote(form) {
  let note = /** @type {HTMLElement | null} */ (form.querySelector("[data-k-working-note]"));
  if (!note) {
    note = el("p", { "class": "k-working", role: "status", "data-k-working-note": "" });
    const button = one(form, "button[type=submit]");
    button.after(note);
  }
  return note;
}

/**
 * checker.ask(request), with "working …" beside the form's button only while
 * it waits for Python.
 * @param {import("./checker-ask.js").Checker} checker @param {Strings} S
 * @param {HTMLElement} form @param {{[key: string]: any}} request
 */
export function askFor(checker, S, form, request) {
  const note = workingNote(form);
  const button = one(form, "button[type=submit]");
  return checker.ask(request, () => {
    note.textContent = S["checker.working"];
    button.setAttribute("aria-disabled", "true");
    form.setAttribute("aria-busy", "true");
  }).then((r) => {
    note.textContent = "";
    button.removeAttribute("aria-disabled");
    form.removeAttribute("aria-busy");
    return r;
  });
}
