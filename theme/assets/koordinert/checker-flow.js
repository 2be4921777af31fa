// The checker's question flow and deadline tools on the page.
// The questions and forms are static HTML (sitegen/templates/checker.html.j2);
// this script shows one step at a time, asks the Python engine in the worker
// (window.koordinertChecker.ask, from checker-page.js) and writes the results
// with wording from the page's JSON data block. Answers live only in the
// variables below: nothing is stored and nothing is sent anywhere.
(function () {
  "use strict";
  var root = document.querySelector("[data-k-checker]");
  var dataBlock = document.getElementById("k-checker-data");
  if (!root || !dataBlock) return;
  var data = JSON.parse(dataBlock.textContent);
  var S = data.strings;
  var lang = data.lang;
  var questions = {};
  data.flow.questions.forEach(function (q) { questions[q.id] = q; });
  var PROGRAMMES = ["individuell_plan", "koordinator", "barnekoordinator"];
  var WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

  function all(selector, scope) { return Array.prototype.slice.call((scope || document).querySelectorAll(selector)); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Without checker-page.js nothing here can answer: the page stays as it is
  // without JavaScript. When Python cannot start, checker-page.js says so and
  // the page goes on answering from what the build prepared.
  var checker = window.koordinertChecker;
  if (!checker) return;
  all("[data-k-nojs]").forEach(function (n) { n.hidden = true; });
  all("[data-k-app]").forEach(function (n) { n.hidden = false; });

  // A form whose answer has to wait for Python says so beside its button,
  // in a status region made at the start (an empty one is not announced).
  function workingNote(f) {
    var note = f.querySelector("[data-k-working-note]");
    if (!note) {
      note = el("p", { "class": "k-working", role: "status", "data-k-working-note": "" });
      var button = f.querySelector("button[type=submit]");
      button.parentNode.insertBefore(note, button.nextSibling);
    }
    return note;
  }
  all("form[data-k-question], form[data-k-tool]", root).forEach(workingNote);
  // ask(), with "working …" beside the form's button only while it waits.
  function askFor(f, request) {
    var note = workingNote(f);
    var button = f.querySelector("button[type=submit]");
    return checker.ask(request, function () {
      note.textContent = S["checker.working"];
      button.setAttribute("aria-disabled", "true");
      f.setAttribute("aria-busy", "true");
    }).then(function (r) {
      note.textContent = "";
      button.removeAttribute("aria-disabled");
      f.removeAttribute("aria-busy");
      return r;
    });
  }
  function errorText(code) {
    if (code === "unavailable") return S["checker.unavailable"];
    return S["checker.error.date_" + code] || S["checker.error.internal"];
  }

  // --- dates -------------------------------------------------------------
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function asOf() {
    var fixed = root.getAttribute("data-k-as-of");
    if (fixed) return fixed;
    var now = new Date();  // the visitor's local day
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }
  function parseIso(iso) { var p = iso.split("-"); return new Date(Date.UTC(+p[0], +p[1] - 1, +p[2])); }
  // The one date format of the site: the pattern and the names the build uses
  // (sitegen/checker_page.py format_date), from the page's data block.
  function formatDate(iso) {
    var d = parseIso(iso);
    var parts = { weekday: S["days." + WEEKDAYS[(d.getUTCDay() + 6) % 7]], day: String(d.getUTCDate()),
      month: S["checker.month." + (d.getUTCMonth() + 1)], year: String(d.getUTCFullYear()) };
    return S["checker.date_format"].replace(/\{(\w+)\}/g, function (m, k) { return k in parts ? parts[k] : m; });
  }
  function timeEl(iso) { return el("time", { datetime: iso }, formatDate(iso)); }

  // Day, month and year fields: "3" and "03" both work.
  function readDate(box) {
    var parts = ["day", "month", "year"].map(function (p) {
      return box.querySelector("[data-k-part=" + p + "]").value.trim();
    });
    if (parts.every(function (p) { return p === ""; })) return { error: "missing" };
    if (parts.some(function (p) { return p === ""; })) return { error: "incomplete" };
    if (!/^\d{1,2}$/.test(parts[0]) || !/^\d{1,2}$/.test(parts[1]) || !/^\d{4}$/.test(parts[2])) return { error: "invalid" };
    var d = +parts[0], m = +parts[1], y = +parts[2];
    var date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { error: "invalid" };
    return { value: y + "-" + pad(m) + "-" + pad(d) };
  }
  function setDate(box, iso) {
    var p = iso ? iso.split("-") : ["", "", ""];
    box.querySelector("[data-k-part=year]").value = p[0];
    box.querySelector("[data-k-part=month]").value = iso ? String(+p[1]) : "";
    box.querySelector("[data-k-part=day]").value = iso ? String(+p[2]) : "";
  }

  // A sentence with {placeholders} filled by text or nodes.
  function fill(template, values) {
    var frag = document.createDocumentFragment();
    template.split(/(\{\w+\})/).forEach(function (piece) {
      var m = /^\{(\w+)\}$/.exec(piece);
      if (!m || !(m[1] in values)) { frag.appendChild(document.createTextNode(piece)); return; }
      var v = values[m[1]];
      frag.appendChild(typeof v === "string" || typeof v === "number" ? document.createTextNode(String(v)) : v);
    });
    return frag;
  }
  function para(template, values, cls) {
    var p = el("p", cls ? { "class": cls } : {});
    p.appendChild(fill(template, values || {}));
    return p;
  }
  function lawLink(ref) {
    return el("a", { href: ref.url, hreflang: "no" }, S["checker.law." + ref.law] + " " + ref.paragraph);
  }
  function lawList(refs) {
    var frag = document.createDocumentFragment();
    refs.forEach(function (ref, i) {
      if (i) frag.appendChild(document.createTextNode(", "));
      frag.appendChild(lawLink(ref));
    });
    return frag;
  }

  // --- errors (GOV.UK pattern: summary at the top, message at the field) ---
  var baseTitle = document.title;
  function clearErrors(form) {
    var summary = form.querySelector("[data-k-error-summary]");
    summary.hidden = true;
    summary.querySelector("[data-k-error-list]").textContent = "";
    all("[data-k-group]", form).forEach(function (g) {
      g.classList.remove("k-form-group--error");
      var msg = g.querySelector("[data-k-error]");
      msg.hidden = true;
      all("input, select", g).forEach(function (i) {
        i.removeAttribute("aria-invalid");
        i.classList.remove("k-input--error");
      });
    });
    document.title = baseTitle;
  }
  function showErrors(form, errors) {
    // errors: [{group, text}]
    var summary = form.querySelector("[data-k-error-summary]");
    var list = summary.querySelector("[data-k-error-list]");
    errors.forEach(function (e) {
      var g = e.group;
      g.classList.add("k-form-group--error");
      var msg = g.querySelector("[data-k-error]");
      msg.querySelector("[data-k-error-text]").textContent = e.text;
      msg.hidden = false;
      var inputs = all("input", g);
      var target = inputs[0];
      if (g.querySelector("[data-k-date]")) {
        inputs.forEach(function (i) { i.setAttribute("aria-invalid", "true"); i.classList.add("k-input--error"); });
        target = inputs.filter(function (i) { return !i.value.trim(); })[0] || inputs[0];
      }
      var fieldset = g.querySelector("fieldset");
      var described = (fieldset.getAttribute("aria-describedby") || "").split(" ").filter(function (x) { return x && x !== msg.id; });
      described.push(msg.id);
      fieldset.setAttribute("aria-describedby", described.join(" "));
      var li = el("li");
      var a = el("a", { href: "#" + target.id }, e.text);
      a.addEventListener("click", function (ev) { ev.preventDefault(); target.focus(); });
      li.appendChild(a);
      list.appendChild(li);
    });
    summary.hidden = false;
    document.title = S["checker.error.prefix"] + " " + baseTitle;
    summary.focus();
  }
  function dateErrorText(code, fallbackKey) {
    if (code === "missing" && fallbackKey) return S[fallbackKey];
    return S["checker.error.date_" + code] || S["checker.error.internal"];
  }

  // --- the question flow ------------------------------------------------
  var app = root.querySelector(".k-flow [data-k-app]");
  var backButton = app.querySelector("[data-k-back]");
  var summaryStep = app.querySelector("[data-k-summary]");
  var resultStep = app.querySelector("[data-k-result]");
  var clearedStatus = app.querySelector("[data-k-cleared]");
  var given = {};      // every answer given, also to questions no longer on the path
  var path = [];       // the questions on the current path, in order
  var pathAnswers = {};
  var results = null;
  var nextSteps = [];  // the pages that fit the answers (the engine's next_steps)
  var resultAsOf = null;
  var step = { kind: "question", id: data.flow.questions[0].id };

  function form(id) { return app.querySelector("[data-k-question='" + id + "']"); }

  // The browser's Back and Forward buttons move between the steps as well. A
  // history entry holds only a step number: the steps and the answers stay in
  // this page's memory, never in the address or in storage.
  var steps = [step];
  var stepNumber = 0;
  window.history.replaceState({ kStep: 0 }, "");

  function sameStep(a, b) { return a.kind === b.kind && a.id === b.id; }

  function show(next, focus, fromHistory) {
    if (focus && !fromHistory && !sameStep(step, next)) {
      stepNumber += 1;
      steps.length = stepNumber;
      steps.push(next);
      window.history.pushState({ kStep: stepNumber }, "");
    }
    step = next;
    all(".k-step", app).forEach(function (s) { s.hidden = true; });
    var target = next.kind === "question" ? form(next.id) : next.kind === "summary" ? summaryStep : resultStep;
    target.hidden = false;
    var index = next.kind === "question" ? path.indexOf(next.id) : path.length;
    backButton.hidden = !(index > 0 || (next.kind !== "question" && path.length));
    if (next.kind === "question") prefill(next.id);
    settleMuniSelects();
    if (focus) target.querySelector("[data-k-heading]").focus();
  }

  function prefill(id) {
    var f = form(id);
    var has = Object.prototype.hasOwnProperty.call(given, id);
    if (questions[id].type === "date") {
      setDate(f.querySelector("[data-k-date]"), has ? given[id] : "");
      return;
    }
    all("input[type=radio]", f).forEach(function (r) {
      r.checked = has && JSON.stringify(given[id]) === JSON.stringify(JSON.parse(r.value));
      if (has && !r.checked && questions[id].type === "integer" && given[id] >= 2 && r.getAttribute("data-k-token") === "2_or_more") r.checked = true;
    });
  }

  function answerLabel(id, value) {
    var type = questions[id].type;
    if (type === "date") return formatDate(value);
    if (type === "yes_no" || type === "yes_no_unknown") {
      return S["checker.opt." + (value === true ? "yes" : value === false ? "no" : "unknown")];
    }
    if (type === "integer") return S["checker.q." + id + ".opt." + (value >= 2 ? "2_or_more" : String(value))];
    return S["checker.q." + id + ".opt." + value];
  }

  function fillSummary(list, withChange) {
    list.textContent = "";
    path.forEach(function (id) {
      var row = el("div", { "class": "k-summary__row" });
      row.appendChild(el("dt", { "class": "k-summary__key" }, S["checker.q." + id + ".question"]));
      row.appendChild(el("dd", { "class": "k-summary__value", "data-k-answer": id }, answerLabel(id, pathAnswers[id])));
      if (withChange) {
        var dd = el("dd", { "class": "k-summary__actions" });
        var button = el("button", { type: "button", "class": "k-link-button", "data-k-change": id }, S["checker.summary.change"]);
        button.appendChild(el("span", { "class": "k-visually-hidden" }, " " + S["checker.q." + id + ".question"]));
        button.addEventListener("click", function () { show({ kind: "question", id: id }, true); });
        dd.appendChild(button);
        row.appendChild(dd);
      }
      list.appendChild(row);
    });
  }

  // Replays the flow with the answers given so far, in one request to the
  // worker (checker.flow.route): earlier answers that are still on the path
  // are kept, the first unanswered question is shown; when none is left, the
  // summary of answers.
  function route(errorForm) {
    var when = asOf();
    return askFor(errorForm, { command: "flow.route", as_of: when, answers: given }).then(function (r) {
      if (r.error) {
        var qid = String(r.error.field || "").replace(/^answers\./, "");
        var f = form(qid) || errorForm;
        if (f) {
          var code = r.error.code;
          show({ kind: "question", id: f.getAttribute("data-k-question") }, false);
          showErrors(f, [{ group: f.querySelector("[data-k-group]"), text: errorText(code) }]);
        }
        return;
      }
      path = r.path; pathAnswers = r.answers;
      if (r.complete) {
        results = r.results; resultAsOf = when; nextSteps = r.next_steps || [];
        fillSummary(summaryStep.querySelector("[data-k-summary-list]"), true);
        show({ kind: "summary" }, true);
        return;
      }
      show({ kind: "question", id: r.next_question }, true);
    });
  }

  all("[data-k-question]", app).forEach(function (f) {
    var id = f.getAttribute("data-k-question");
    f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (f.hasAttribute("aria-busy")) return;  // its answer is on the way
      clearErrors(f);
      var group = f.querySelector("[data-k-group]");
      var value;
      if (questions[id].type === "date") {
        var read = readDate(f.querySelector("[data-k-date]"));
        if (read.error) {
          showErrors(f, [{ group: group, text: dateErrorText(read.error, "checker.q." + id + ".error") }]);
          return;
        }
        value = read.value;
      } else {
        var checked = f.querySelector("input[type=radio]:checked");
        if (!checked) {
          showErrors(f, [{ group: group, text: S["checker.q." + id + ".error"] }]);
          return;
        }
        value = JSON.parse(checked.value);
      }
      given[id] = value;
      route(f);
    });
  });

  backButton.addEventListener("click", function () {
    if (step.kind === "result") { show({ kind: "summary" }, true); return; }
    if (step.kind === "summary") { show({ kind: "question", id: path[path.length - 1] }, true); return; }
    var index = path.indexOf(step.id);
    if (index > 0) show({ kind: "question", id: path[index - 1] }, true);
  });

  window.addEventListener("popstate", function (ev) {
    var n = ev.state && typeof ev.state.kStep === "number" ? ev.state.kStep : null;
    if (n === null) return;  // a link to a place on this page, not a step
    var next = steps[n];
    if (!next || (next.kind !== "question" && !results)) {
      // A step from before a reload or before "clear my answers": start again.
      next = { kind: "question", id: data.flow.questions[0].id };
    }
    stepNumber = n;
    if (next.kind === "result") renderResults(function () { show(next, true, true); });
    else show(next, true, true);
  });

  summaryStep.querySelector("[data-k-show-result]").addEventListener("click", function () {
    renderResults(function () { show({ kind: "result" }, true); });
  });

  // --- the outcomes: HTML from the build's one template ------------------
  // sitegen/templates/_outcome.html.j2 renders every outcome the flow can
  // end in (sjekk/utfall.json, the same template as the pages without
  // JavaScript); the page picks each by a key of what the engine returned
  // (sitegen/checker_page.py outcome_key) and fills in the day a child's
  // right ends.
  var outcomesSrc = root.getAttribute("data-k-outcomes-src");
  var outcomeHtml = null;   // {key: html} once fetched
  var outcomeLoad = null;
  function loadOutcomes() {
    if (!outcomeLoad) {
      outcomeLoad = fetch(new URL(outcomesSrc, location.href).href).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).then(function (d) { outcomeHtml = d.outcomes; return outcomeHtml; });
      outcomeLoad.catch(function () { outcomeLoad = null; });
    }
    return outcomeLoad;
  }
  function canonical(v) {
    if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
    if (v && typeof v === "object") {
      return "{" + Object.keys(v).sort().map(function (k) { return JSON.stringify(k) + ":" + canonical(v[k]); }).join(",") + "}";
    }
    return JSON.stringify(v);
  }
  function outcomeKey(r, asOf) {
    var plain = {};
    Object.keys(r).forEach(function (k) { if (k !== "right_ends") plain[k] = r[k]; });
    var text = canonical(plain);
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) h = Math.imul((h ^ text.charCodeAt(i)) >>> 0, 0x01000193) >>> 0;
    var suffix = r.right_ends ? (r.right_ends <= asOf ? "|turned" : "|until") : "";
    return ("0000000" + h.toString(16)).slice(-8) + suffix;
  }

  // Calls done() once the outcomes are on the page (at once when the
  // fragments are here, as they are from soon after the first paint).
  function renderResults(done) {
    if (!outcomeHtml) {
      loadOutcomes().then(function () { renderResults(done); }, function () { renderFailed(); if (done) done(); });
      return;
    }
    var box = resultStep.querySelector("[data-k-outcomes]");
    box.textContent = "";
    var anyUnknown = false;
    var missing = false;
    PROGRAMMES.forEach(function (p) {
      var r = results[p];
      if (r.outcome === "unknown") anyUnknown = true;
      var html = outcomeHtml[outcomeKey(r, resultAsOf)];
      if (html === undefined) { missing = true; return; }
      var frag = nodes(html);
      all("time[data-k-slot=right_ends]", frag).forEach(function (t) {
        t.setAttribute("datetime", r.right_ends);
        t.textContent = formatDate(r.right_ends);
        t.removeAttribute("data-k-slot");
      });
      box.appendChild(frag);
    });
    if (missing) { renderFailed(); if (done) done(); return; }
    // Every next-step link is in the page (the one template, _outcome.html.j2);
    // those the engine named are shown, in the rule data's order.
    var stepsBox = resultStep.querySelector("[data-k-next-steps]");
    all("[data-k-next-step-item]", stepsBox).forEach(function (li) {
      li.hidden = nextSteps.indexOf(li.getAttribute("data-k-next-step-item")) < 0;
    });
    stepsBox.hidden = nextSteps.length === 0;
    var unknownAnswer = path.some(function (id) { return pathAnswers[id] === "unknown"; });
    resultStep.querySelector("[data-k-unknown]").hidden = !(anyUnknown || unknownAnswer);
    fillSummary(resultStep.querySelector("[data-k-result-answers]"), true);
    var meta = resultStep.querySelector("[data-k-print-meta]");
    meta.textContent = "";
    meta.appendChild(fill(meta.getAttribute("data-k-template"), { date: timeEl(resultAsOf), built: timeEl(data.build_as_of) }));
    if (done) done();
  }
  // An outcome the build did not prepare (the rules changed since), or no
  // fragments at all: said plainly, with the way without JavaScript.
  function renderFailed() {
    var box = resultStep.querySelector("[data-k-outcomes]");
    box.textContent = "";
    var p = el("p", { "class": "k-flag" }, S["checker.error.internal"] + " ");
    p.appendChild(el("a", { href: root.getAttribute("data-k-static") || "uten-js/" }, S["checker.flow.start_nojs"]));
    box.appendChild(p);
  }

  resultStep.querySelector("[data-k-print]").addEventListener("click", function () { window.print(); });
  app.querySelector("[data-k-clear]").addEventListener("click", function () {
    given = {}; path = []; pathAnswers = {}; results = null; nextSteps = [];
    all("[data-k-question]", app).forEach(function (f) { f.reset(); clearErrors(f); });
    all("form[data-k-tool]", root).forEach(function (f) {
      f.reset(); clearErrors(f);
      f.querySelector("[data-k-tool-result]").hidden = true;
      f.querySelector("[data-k-tool-body]").textContent = "";
    });
    resultStep.querySelector("[data-k-outcomes]").textContent = "";
    all("[data-k-summary-list], [data-k-result-answers]", app).forEach(function (l) { l.textContent = ""; });
    show({ kind: "question", id: data.flow.questions[0].id }, true);
    clearedStatus.textContent = S["checker.cleared"];
    window.setTimeout(function () { clearedStatus.textContent = ""; }, 4000);
  });

  // --- municipality choice (national site) or preset (a variant) ---------
  // A municipality's own site has its details in the page ([data-k-muni]).
  // The national site keeps every municipality's details in a file beside
  // the page (data-k-muni-src: HTML from the build's autoescaping templates,
  // in JSON) and fetches it when a select is first used, so the page stays
  // small while Pyodide starts. The selects stay usable meanwhile; if the
  // file cannot be fetched, a message says so and the next choice tries again.
  var muniSrc = root.getAttribute("data-k-muni-src");
  var muniData = null;  // a Promise of {id: {contact, complaint}} once asked for
  var muniChoice = 0;   // the latest choice wins if an earlier one is still loading
  function loadMunicipalities() {
    if (!muniData) {
      muniData = fetch(new URL(muniSrc, location.href).href).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).then(function (d) { return d.municipalities; });
      muniData.catch(function () { muniData = null; });
    }
    return muniData;
  }
  // Parsed in an inert document of its own (nothing runs or loads there),
  // then moved into this page as nodes.
  function nodes(html) {
    var body = new DOMParser().parseFromString(html, "text/html").body;
    var frag = document.createDocumentFragment();
    while (body.firstChild) frag.appendChild(document.adoptNode(body.firstChild));
    return frag;
  }
  function muniPart(id, part, fetched) {
    if (!fetched) {
      var inline = root.querySelector("[data-k-muni='" + id + "'] [data-k-part='" + part + "']");
      return inline && inline.cloneNode(true);
    }
    if (!Object.prototype.hasOwnProperty.call(fetched, id)) return null;
    var box = el("div", { "data-k-part": part });
    box.appendChild(nodes(fetched[id][part]));
    return box;
  }
  // A failure is told only beside the select the visitor used: the other
  // part may be on screen too, and two live regions would say it twice.
  function fillMunicipality(id, fetched, failed, origin) {
    all("[data-k-muni-target]", root).forEach(function (target) {
      var holder = target.closest("[data-k-muni-part]");
      var source = id && !failed && muniPart(id, holder.getAttribute("data-k-muni-part"), fetched);
      target.textContent = "";
      target.removeAttribute("aria-busy");
      if (source) target.appendChild(source);
      var none = holder.querySelector("[data-k-muni-none]");
      if (none) none.hidden = !!source;
      var status = holder.querySelector("[data-k-muni-status]");
      if (status) status.textContent = failed && holder.contains(origin) ? S["checker.muni.failed"] : "";
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
  var muniLists = all("[data-k-muni-select]", root).map(function (select) {
    return { select: select, full: Array.prototype.slice.call(select.options) };
  });
  var muniChosen = "";
  function fillMuniList(list) {
    if (list.select.options.length === list.full.length) return;
    list.full.forEach(function (o) { list.select.appendChild(o); });  // moves each node, so the order is the page's
    list.select.value = muniChosen;
  }
  function trimMuniList(list) {
    if (document.activeElement === list.select) return;
    list.full.forEach(function (o) {
      if (o.value !== "" && o.value !== muniChosen && o.parentNode) o.remove();
    });
  }
  // Once the browser has painted and has a moment (not every browser has
  // requestIdleCallback; there, soon after the paint).
  function afterPaint(work) {
    window.requestAnimationFrame(function () {
      if (window.requestIdleCallback) window.requestIdleCallback(work, { timeout: 300 });
      else window.setTimeout(work, 50);
    });
  }
  // Not before the page's first paint: no part with a list can be shown
  // before Python is ready, and the first question should not wait for this.
  var muniSettling = false;
  function settleMuniSelects() {
    if (!muniSettling) return;
    muniLists.forEach(function (list) {
      if (list.select.closest("[hidden]")) { trimMuniList(list); return; }
      if (list.select.options.length === list.full.length) return;
      afterPaint(function () { if (!list.select.closest("[hidden]")) fillMuniList(list); });
    });
  }
  function showMunicipality(id, origin) {
    muniChosen = id || "";
    muniLists.forEach(function (list) {
      list.full.forEach(function (o) { if (o.value === muniChosen && !o.parentNode) list.select.appendChild(o); });
      list.select.value = muniChosen;
    });
    var choice = ++muniChoice;
    if (!muniSrc || !id) { fillMunicipality(id, null, false); return; }
    all("[data-k-muni-target]", root).forEach(function (t) { t.setAttribute("aria-busy", "true"); });
    loadMunicipalities().then(function (fetched) {
      if (choice === muniChoice) fillMunicipality(id, fetched, false);
    }, function () {
      if (choice === muniChoice) fillMunicipality(id, null, true, origin);
    });
  }
  // For the letters (checker-letters.js): the answers' results and the
  // municipality chosen, read when a letter is written; nothing more is shared.
  checker.page = {
    results: function () { return results && { results: results, as_of: resultAsOf, answers: pathAnswers }; },
    municipality: function () { return muniChosen; },
    municipalities: function () { return muniSrc ? loadMunicipalities() : Promise.resolve(null); }
  };
  var preset = root.querySelector("[data-k-muni-preset]");
  if (preset) showMunicipality(preset.getAttribute("data-k-muni-preset"));
  muniLists.forEach(function (list) {
    var s = list.select;
    s.addEventListener("change", function () { showMunicipality(s.value, s); });
    // Start the fetch as soon as a visitor reaches for the list.
    ["focus", "pointerdown"].forEach(function (type) {
      s.addEventListener(type, function () {
        fillMuniList(list);
        if (muniSrc) loadMunicipalities().catch(function () {});
      });
    });
  });

  // --- deadline tools ----------------------------------------------------
  var icsUrl = null;
  function icsText(iso) {
    var day = iso.replace(/-/g, "");
    var next = new Date(parseIso(iso).getTime() + 86400000).toISOString().slice(0, 10).replace(/-/g, "");
    var stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    function esc(t) { return t.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n"); }
    function fold(line) {
      var out = [];
      while (line.length > 60) { out.push(line.slice(0, 60)); line = " " + line.slice(60); }
      out.push(line);
      return out.join("\r\n");
    }
    return ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Koordinert//Checker//" + lang.toUpperCase(), "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH", "BEGIN:VEVENT", "UID:complaint-" + day + "@koordinert", "DTSTAMP:" + stamp,
      "DTSTART;VALUE=DATE:" + day, "DTEND;VALUE=DATE:" + next,
      "SUMMARY:" + esc(S["checker.ics.summary"]), "DESCRIPTION:" + esc(S["checker.ics.description"]),
      "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + esc(S["checker.ics.summary"]), "TRIGGER:-P2D", "END:VALARM",
      "END:VEVENT", "END:VCALENDAR"].map(fold).join("\r\n") + "\r\n";
  }

  function complaintBody(r, body, f) {
    body.appendChild(para(S["checker.complaint.deadline"], { date: el("strong", {}, "") }, "k-deadline"));
    body.querySelector(".k-deadline strong").appendChild(timeEl(r.deadline));
    body.appendChild(para(S["checker.complaint.weeks"], { weeks: String(r.weeks), law: lawLink(r.reference) }));
    if (r.moved_over.length) {
      body.appendChild(para(S["checker.complaint.moved"], { weeks: String(r.weeks), raw: timeEl(r.raw_deadline) }));
      var ul = el("ul", { "class": "k-moved-days" });
      r.moved_over.forEach(function (m) {
        var li = el("li");
        li.appendChild(timeEl(m.date));
        var why = m.reason === "holiday" ? [m.holiday].concat(m.also || []).map(function (h) { return S["checker.holiday." + h]; }).join(", ") : S["checker.complaint.weekend"];
        li.appendChild(document.createTextNode(": " + why));
        ul.appendChild(li);
      });
      body.appendChild(ul);
    }
    body.appendChild(para(S["checker.complaint.counting"], { law: lawList(r.counting) }));
    body.appendChild(el("p", {}, S["checker.complaint.in_time"]));
    if (r.late) body.appendChild(el("p", { "class": "k-late" }, S["checker.complaint.late_now"]));
    body.appendChild(para(S["checker.complaint.late"], { law: lawLink(r.late_reference), date: timeEl(r.late_limit) }));
    if (r.past_late_limit) body.appendChild(el("p", { "class": "k-late" }, S["checker.complaint.past_late_limit"]));
    (r.flags || []).forEach(function (flag) { body.appendChild(el("p", { "class": "k-flag" }, S["checker.flag." + flag])); });
    var link = f.querySelector("[data-k-ics]");
    if (icsUrl) URL.revokeObjectURL(icsUrl);
    icsUrl = URL.createObjectURL(new Blob([icsText(r.deadline)], { type: "text/calendar" }));
    link.href = icsUrl;
    link.parentNode.hidden = false;
  }

  var tools = {
    complaint: {
      fields: [["received", "received"]],
      request: function (f, values) {
        return { command: "deadline.complaint", received: values.received, basis: values.basis };
      },
      render: complaintBody
    },
    reply: {
      fields: [["applied", "applied"]],
      request: function (f, values) { return { command: "deadline.reply", applied: values.applied }; },
      render: function (r, body) {
        body.appendChild(para(S["checker.reply.result"], { date: el("strong", {}) }, "k-deadline"));
        body.querySelector(".k-deadline strong").appendChild(timeEl(r.deadline));
        if (r.overdue) body.appendChild(el("p", {}, S["checker.reply.overdue"]));
        (r.flags || []).forEach(function (flag) { body.appendChild(el("p", { "class": "k-flag" }, S["checker.flag." + flag])); });
        var refs = el("p");
        refs.appendChild(lawList([r.reference].concat(r.related || [])));
        body.appendChild(refs);
      }
    },
    child: {
      fields: [["birth_date", "birth_date"]],
      request: function (f, values) { return { command: "deadline.child_coordinator", birth_date: values.birth_date }; },
      render: function (r, body) {
        var key = r.under_age_limit ? "checker.result.until" : "checker.result.turned";
        var p = para(S[key].split("{age}").join(String(r.age_limit)) + " {date}.", { date: el("strong", {}) }, "k-deadline");
        p.querySelector("strong").appendChild(timeEl(r.ends));
        body.appendChild(p);
        (r.flags || []).forEach(function (flag) { body.appendChild(el("p", { "class": "k-flag" }, S["checker.flag." + flag])); });
        var refs = el("p");
        refs.appendChild(lawLink(r.reference));
        body.appendChild(refs);
      }
    }
  };

  all("form[data-k-tool]", root).forEach(function (f) {
    var tool = tools[f.getAttribute("data-k-tool")];
    var result = f.querySelector("[data-k-tool-result]");
    var body = f.querySelector("[data-k-tool-body]");
    f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      clearErrors(f);
      var errors = [];
      var values = {};
      tool.fields.forEach(function (pair) {
        var group = f.querySelector("[data-k-field='" + pair[0] + "']");
        var read = readDate(group.querySelector("[data-k-date]"));
        if (read.error) errors.push({ group: group, text: dateErrorText(read.error) });
        else values[pair[1]] = read.value;
      });
      var basisGroup = f.querySelector("[data-k-field=basis]");
      if (basisGroup) {
        var checked = basisGroup.querySelector("input:checked");
        if (!checked) errors.push({ group: basisGroup, text: S["checker.error.basis"] });
        else values.basis = checked.value;
      }
      result.hidden = true;
      settleMuniSelects();
      if (errors.length) { showErrors(f, errors); return; }
      var request = tool.request(f, values);
      request.as_of = asOf();
      askFor(f, request).then(function (r) {
        body.textContent = "";
        if (r.error) {
          var group = f.querySelector("[data-k-field='" + r.error.field + "']") || f.querySelector("[data-k-group]");
          result.hidden = true;
          showErrors(f, [{ group: group, text: errorText(r.error.code) }]);
          return;
        }
        var ics = f.querySelector("[data-k-ics]");
        if (ics) ics.parentNode.hidden = true;
        if (r.status !== "known") body.appendChild(el("p", {}, S["checker.unknown_period"]));
        else tool.render(r, body, f);
        result.hidden = false;
        // The complaint letter (checker-letters.js) starts from this result.
        f.dispatchEvent(new CustomEvent("k-tool-result", { bubbles: true, detail: { values: values, response: r } }));
        settleMuniSelects();
        result.querySelector("[data-k-heading]").focus();
      });
    });
  });

  show(step, false);
  afterPaint(function () { muniSettling = true; settleMuniSelects(); loadOutcomes().catch(function () {}); });
})();
