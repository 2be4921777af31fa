// @ts-check
// The deadline tools on the checker page: the complaint deadline (with a
// calendar file made in the page), the municipality's deadline to reply, and
// the day a child's right to a barnekoordinator ends. Each form asks the
// engine (checker.ask) and writes its answer with the page's wording.

import { all, askFor, dateErrorText, dateFields, el, errorText, lawLink, lawList, one, para } from "./checker-dom.js";
import { asOfDay, formatDate, icsText, readDateParts } from "./checker-format.js";

/** @typedef {import("./checker-format.js").Strings} Strings */
/** @typedef {{[key: string]: any}} Json */
/**
 * @typedef {Object} Tool
 * @property {string[]} fields  the date fields, by their data-k-field
 * @property {(values: {[name: string]: string}) => Json} request
 * @property {(r: Json, body: HTMLElement, form: HTMLElement) => void} render
 */

/**
 * @param {Object} page
 * @param {HTMLElement} page.root
 * @param {Strings} page.S
 * @param {string} page.lang
 * @param {import("./checker-ask.js").Checker} page.checker
 * @param {ReturnType<typeof import("./checker-dom.js").formErrors>} page.errors
 * @param {() => void} page.settle  the municipality lists, after a result shows or hides
 */
export function setupTools({ root, S, lang, checker, errors, settle }) {
  /** @param {string} iso */
  function timeEl(iso) { return el("time", { datetime: iso }, formatDate(S, iso)); }
  /** @param {Json} r @param {HTMLElement} body */
  function flags(r, body) {
    (r.flags || []).forEach((/** @type {string} */ flag) => { body.appendChild(el("p", { "class": "k-flag" }, S["checker.flag." + flag])); });
  }
  /** @param {string} template @param {string} iso */
  function deadline(template, iso) {
    const strong = el("strong");
    strong.appendChild(timeEl(iso));
    return para(template, { date: strong }, "k-deadline");
  }

  /** @type {string | null} */
  let icsUrl = null;

  /** @param {Json} r @param {HTMLElement} body @param {HTMLElement} form */
  function complaintBody(r, body, form) {
    body.appendChild(deadline(S["checker.complaint.deadline"], r.deadline));
    body.appendChild(para(S["checker.complaint.weeks"], { weeks: String(r.weeks), law: lawLink(S, r.reference) }));
    if (r.moved_over.length) {
      body.appendChild(para(S["checker.complaint.moved"], { weeks: String(r.weeks), raw: timeEl(r.raw_deadline) }));
      const ul = el("ul", { "class": "k-moved-days" });
      r.moved_over.forEach((/** @type {Json} */ m) => {
        const li = el("li");
        li.appendChild(timeEl(m.date));
        const why = m.reason === "holiday"
          ? [m.holiday].concat(m.also || []).map((h) => S["checker.holiday." + h]).join(", ")
          : S["checker.complaint.weekend"];
        li.appendChild(document.createTextNode(": " + why));
        ul.appendChild(li);
      });
      body.appendChild(ul);
    }
    body.appendChild(para(S["checker.complaint.counting"], { law: lawList(S, r.counting) }));
    body.appendChild(el("p", {}, S["checker.complaint.in_time"]));
    if (r.late) body.appendChild(el("p", { "class": "k-late" }, S["checker.complaint.late_now"]));
    body.appendChild(para(S["checker.complaint.late"], { law: lawLink(S, r.late_reference), date: timeEl(r.late_limit) }));
    if (r.past_late_limit) body.appendChild(el("p", { "class": "k-late" }, S["checker.complaint.past_late_limit"]));
    flags(r, body);
    const link = /** @type {HTMLAnchorElement} */ (one(form, "[data-k-ics]"));
    if (icsUrl) URL.revokeObjectURL(icsUrl);
    icsUrl = URL.createObjectURL(new Blob([icsText(S, lang, r.deadline)], { type: "text/calendar" }));
    link.href = icsUrl;
    /** @type {HTMLElement} */ (link.parentElement).hidden = false;
  }

  /** @type {{[name: string]: Tool}} */
  const tools = {
    complaint: {
      fields: ["received"],
      request: (values) => ({ command: "deadline.complaint", received: values.received, basis: values.basis }),
      render: complaintBody
    },
    reply: {
      fields: ["applied"],
      request: (values) => ({ command: "deadline.reply", applied: values.applied }),
      render(r, body) {
        body.appendChild(deadline(S["checker.reply.result"], r.deadline));
        if (r.overdue) body.appendChild(el("p", {}, S["checker.reply.overdue"]));
        flags(r, body);
        const refs = el("p");
        refs.appendChild(lawList(S, [r.reference].concat(r.related || [])));
        body.appendChild(refs);
      }
    },
    child: {
      fields: ["birth_date"],
      request: (values) => ({ command: "deadline.child_coordinator", birth_date: values.birth_date }),
      render(r, body) {
        const key = r.under_age_limit ? "checker.result.until" : "checker.result.turned";
        body.appendChild(deadline(S[key].split("{age}").join(String(r.age_limit)) + " {date}.", r.ends));
        flags(r, body);
        const refs = el("p");
        refs.appendChild(lawLink(S, r.reference));
        body.appendChild(refs);
      }
    }
  };

  all("form[data-k-tool]", root).forEach((f) => {
    const tool = tools[f.getAttribute("data-k-tool") || ""];
    const result = one(f, "[data-k-tool-result]");
    const body = one(f, "[data-k-tool-body]");
    f.addEventListener("submit", (ev) => {
      ev.preventDefault();
      errors.clear(f);
      /** @type {import("./checker-dom.js").FieldError[]} */
      const problems = [];
      /** @type {{[name: string]: string}} */
      const values = {};
      for (const name of tool.fields) {
        const group = one(f, "[data-k-field='" + name + "']");
        const read = readDateParts(dateFields(one(group, "[data-k-date]")).map((i) => i.value));
        if ("error" in read) problems.push({ group, text: dateErrorText(S, read.error) });
        else values[name] = read.value;
      }
      const basisGroup = /** @type {HTMLElement | null} */ (f.querySelector("[data-k-field=basis]"));
      if (basisGroup) {
        const checked = /** @type {HTMLInputElement | null} */ (basisGroup.querySelector("input:checked"));
        if (!checked) problems.push({ group: basisGroup, text: S["checker.error.basis"] });
        else values.basis = checked.value;
      }
      result.hidden = true;
      settle();
      if (problems.length) { errors.show(f, problems); return; }
      const request = tool.request(values);
      request.as_of = asOfDay(root.getAttribute("data-k-as-of"));
      askFor(checker, S, f, request).then((r) => {
        body.textContent = "";
        if (r.error) {
          const group = /** @type {HTMLElement} */ (f.querySelector("[data-k-field='" + r.error.field + "']") || f.querySelector("[data-k-group]"));
          result.hidden = true;
          errors.show(f, [{ group, text: errorText(S, r.error.code) }]);
          return;
        }
        const ics = f.querySelector("[data-k-ics]");
        if (ics) /** @type {HTMLElement} */ (ics.parentElement).hidden = true;
        if (r.status !== "known") body.appendChild(el("p", {}, S["checker.unknown_period"]));
        else tool.render(r, body, f);
        result.hidden = false;
        // The complaint letter (checker-letters.js) starts from this result.
        f.dispatchEvent(new CustomEvent("k-tool-result", { bubbles: true, detail: { values, response: r } }));
        settle();
        one(result, "[data-k-heading]").focus();
      });
    });
  });

  return {
    /** "Clear my answers": every tool empty again. */
    clear() {
      all("form[data-k-tool]", root).forEach((f) => {
        /** @type {HTMLFormElement} */ (f).reset();
        errors.clear(f);
        one(f, "[data-k-tool-result]").hidden = true;
        one(f, "[data-k-tool-body]").textContent = "";
      });
    }
  };
}
