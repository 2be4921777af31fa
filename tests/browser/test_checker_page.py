"""The checker page in Chromium: the question flow, results, deadline tools,
print, clear, keyboard use, the pages without JavaScript, accessibility and
privacy, in nb, nn and en.

The browser's clock is fixed to the tests' AS_OF, so the page asks the engine
with that day as ``as_of`` (the page uses the visitor's local date).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Locator, Page, expect

from tests.browser.support import (
    CHECKER_READY,
    SEARCH_WATCH,
    SIGNAL_TIMEOUT_MS,
    Session,
    assert_clean,
    run_axe,
    search,
)
from tests.conftest import AS_OF, ROOT, LiveChecker

pytestmark = pytest.mark.browser

LANGS = ("nb", "nn", "en")
PREFIX = {"nb": "/", "nn": "/nn/", "en": "/en/"}
NOON = dt.datetime.combine(AS_OF, dt.time(12, 0))
TEXT = {lang: yaml.safe_load((ROOT / "content" / "ui" / lang / "checker.yaml").read_text("utf-8"))
        for lang in LANGS}

# Answer paths as (question, token); a date is given as "D/M/YYYY".
ELIGIBLE_CHILD = [("for_whom", "child"), ("child_birth_date", "3/03/2016"),
                  ("services_needed", "2_or_more"), ("long_term", "yes"), ("complex", "yes"),
                  ("serious_condition", "yes"), ("other_welfare_services", "yes")]
# Once the plan and the koordinator are settled and the child is 18, nothing
# more is asked: the barnekoordinator questions could not change the outcome.
TURNED_18_YESTERDAY = [("for_whom", "child"), ("child_birth_date", "21/11/2008"),
                       ("services_needed", "2_or_more"), ("long_term", "yes")]
EXPECTED_CHILD = [("for_whom", "expected_child"), ("services_needed", "2_or_more"),
                  ("long_term", "yes"), ("complex", "no"), ("serious_condition", "yes"),
                  ("other_welfare_services", "yes")]
ADULT_DONT_KNOW = [("for_whom", "self"), ("services_needed", "2_or_more"),
                   ("long_term", "unknown"), ("complex", "no"),
                   ("qualification_programme", "no")]
# Issue 14: no health and care service is never a barnekoordinator (E1); one
# complex service leaves it uncertain, with the doubt explained (D1).
NO_SERVICES = [("for_whom", "expected_child"), ("services_needed", "0")]
ONE_COMPLEX_SERVICE = [("for_whom", "expected_child"), ("services_needed", "1"),
                       ("long_term", "yes"), ("complex", "yes"), ("serious_condition", "yes"),
                       ("other_welfare_services", "yes")]


# Records each XMLHttpRequest as it is really sent, with the checker's state
# then and the page's clock (ms since navigation started). The state is
# checker-boot.js's (<html data-k-python>, set as Python is ready or has
# failed), else the page's: a worker that fails at once releases the request
# before the page's module has run.
RECORD_XHR = """
window.__k_xhr = [];
(function () {
  const open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__k_url = String(url);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    const box = document.querySelector("[data-k-checker]");
    const python = document.documentElement.getAttribute("data-k-python");
    window.__k_xhr.push([this.__k_url.split("/").pop(),
                         python || (box && box.getAttribute("data-k-state")),
                         Math.round(performance.now())]);
    document.documentElement.setAttribute("data-k-test-xhr", "");
    return send.apply(this, arguments);
  };
})();
"""


# checker-boot.js holds Material's search index request until Python is ready
# or has failed, or until this many ms have passed (a slow or loaded machine).
SEARCH_HOLD_MS = 10_000


def assert_search_index_waited(page: Page, state: str) -> None:
    """The search index was requested once the checker was `state`, or, while
    it was still loading, not before the hold ran out (timers never fire early)."""
    # A selector, not wait_for_function (Playwright polls that with eval(),
    # which the page's CSP refuses).
    page.wait_for_selector("html[data-k-test-xhr]", state="attached", timeout=SIGNAL_TIMEOUT_MS)
    [[name, seen, at]] = page.evaluate("window.__k_xhr")
    assert name == "search_index.json"
    assert seen == state or (seen == "loading" and at >= SEARCH_HOLD_MS), (seen, at)


def open_checker(s: Session, base: str, lang: str) -> Page:
    page = s.new_page()
    page.clock.set_fixed_time(NOON)
    page.goto(base + PREFIX[lang] + "sjekk/")
    page.wait_for_selector(CHECKER_READY, timeout=SIGNAL_TIMEOUT_MS)
    return page


def live(live_checker: Callable[..., LiveChecker], site: Path, lang: str) -> LiveChecker:
    """The national checker page in `lang` with Python ready, shared by the
    tests that need a live engine but nothing of its start (tests/conftest.py)."""
    return live_checker(site, PREFIX[lang] + "sjekk/", NOON)


def answer(page: Page, qid: str, token: str) -> None:
    form = page.locator(f"[data-k-question={qid}]")
    expect(form).to_be_visible()
    if "/" in token:
        day, month, year = token.split("/")
        form.locator("[data-k-part=day]").fill(day)
        form.locator("[data-k-part=month]").fill(month)
        form.locator("[data-k-part=year]").fill(year)
    else:
        form.locator(f"input[data-k-token='{token}']").check()
    form.locator("button[type=submit]").click()


def answer_all(page: Page, path: list[tuple[str, str]]) -> None:
    for qid, token in path:
        answer(page, qid, token)
    expect(page.locator("[data-k-summary]")).to_be_visible()


def show_result(page: Page) -> dict[str, str]:
    page.locator("[data-k-show-result]").click()
    expect(page.locator("[data-k-result]")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "k-result-heading"
    # Its lower part follows its first paint (test_the_result_paints_its_outcomes_first).
    page.wait_for_selector("[data-k-result]:not([data-k-painting])")
    return outcomes(page)


# The first frame that shows the result, seen from its animation callbacks
# (after the page's changes, before that frame's style and paint: what they
# see is what the frame paints), and the page right after that paint.
FIRST_RESULT_FRAME = """async () => {
  const result = document.querySelector("[data-k-result]");
  const shown = (sel) => [...result.querySelectorAll(sel)]
    .every(e => getComputedStyle(e).display !== "none");
  const parts = ".k-next, .k-letter-tool, .k-answers-print";
  const first = await new Promise((resolve) => {
    const look = () => {
      if (!result.checkVisibility()) { requestAnimationFrame(look); return; }
      resolve({ outcomes: result.querySelectorAll("[data-k-outcome]").length,
                heading: shown("#k-result-heading"), parts: shown(parts),
                focused: document.activeElement.id });
    };
    requestAnimationFrame(look);
    document.querySelector("[data-k-show-result]").click();
  });
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const after = { parts: shown(parts), painting: result.hasAttribute("data-k-painting") };
  return { first, after };
}"""


def outcomes(page: Page) -> dict[str, str]:
    found: dict[str, str] = page.locator("[data-k-outcome]").evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.dataset.kProgramme, e.dataset.kOutcome]))")
    return found


# What a reader of the result sees: each outcome's words (reasons, doubts, the
# law's links) and the next-step pages shown, on the scripted page and on the
# page without JavaScript alike. A date stands as "[date]": the scripted path
# types a birth date, the static one picks a representative of "under 18".
RESULT_VIEW = """() => ({
  outcomes: Object.fromEntries([...document.querySelectorAll('[data-k-outcome]')].map(e => {
    const copy = e.cloneNode(true);
    copy.querySelectorAll('time').forEach(t => t.replaceWith('[date]'));
    copy.querySelectorAll('a').forEach(a => a.append(' <' + a.href + '>'));
    return [e.dataset.kProgramme, copy.textContent.replace(/\\s+/g, ' ').trim()];
  })),
  steps: [...document.querySelectorAll('[data-k-next-step]')]
    .filter(a => a.getClientRects().length > 0).map(a => a.dataset.kNextStep),
})"""


def result_view(page: Page) -> dict[str, Any]:
    view: dict[str, Any] = page.evaluate(RESULT_VIEW)
    return view


def clear(page: Page) -> None:
    page.locator("[data-k-clear]").click()
    expect(page.locator("[data-k-question=for_whom]")).to_be_visible()
    assert page.locator("[data-k-question=for_whom] input:checked").count() == 0


def no_axe_violations(page: Page, state: str) -> None:
    violations = run_axe(page)
    assert violations == [], (state, violations)


@pytest.mark.parametrize("lang", LANGS)
def test_question_flow_results_and_changes(
        national_site: Path, live_checker: Callable[..., LiveChecker], lang: str) -> None:
    t = TEXT[lang]
    checker = live(live_checker, national_site, lang)
    s, page = checker.session, checker.page
    no_axe_violations(page, "question")

    # An answer is required: error summary and the message at the field.
    page.locator("[data-k-question=for_whom] button[type=submit]").click()
    summary = page.locator("[data-k-question=for_whom] [data-k-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(t["checker.q.for_whom.error"])
    assert page.evaluate("document.activeElement.hasAttribute('data-k-error-summary')")
    no_axe_violations(page, "error")

    # An eligible child: "3" and "03" both work in the date fields.
    answer_all(page, ELIGIBLE_CHILD)
    assert show_result(page) == {"individuell_plan": "eligible", "koordinator": "eligible",
                                 "barnekoordinator": "eligible"}
    result = page.locator("[data-k-result]")
    expect(result).to_contain_text(t["checker.outcome.barnekoordinator.eligible"])
    assert result.locator(".k-right-ends time").get_attribute("datetime") == "2034-03-03"
    assert result.locator("a[href^='https://lovdata.no/lov/1999-07-02-63/']").count() >= 3
    no_axe_violations(page, "result")

    # Change an earlier answer from the summary: back to the summary, the
    # other answers kept, a new outcome.
    page.locator("[data-k-back]").click()
    expect(page.locator("[data-k-summary]")).to_be_visible()
    page.locator("[data-k-summary] [data-k-change=other_welfare_services]").click()
    form = page.locator("[data-k-question=other_welfare_services]")
    expect(form).to_be_visible()
    assert form.locator("input[data-k-token=yes]").is_checked()
    answer(page, "other_welfare_services", "no")
    expect(page.locator("[data-k-summary] [data-k-answer=other_welfare_services]")).to_have_text(
        t["checker.opt.no"])
    expect(page.locator("[data-k-summary] [data-k-answer=child_birth_date] ")).not_to_be_empty()
    assert show_result(page)["barnekoordinator"] == "not_eligible"
    expect(result).to_contain_text(t["checker.result.alternative_koordinator"])

    # The back link keeps earlier answers.
    clear(page)
    answer(page, "for_whom", "child")
    page.locator("[data-k-back]").click()
    expect(page.locator("[data-k-question=for_whom] input[data-k-token=child]")).to_be_checked()
    clear(page)

    # A child who turned 18 yesterday.
    answer_all(page, TURNED_18_YESTERDAY)
    found = show_result(page)
    assert found["barnekoordinator"] == "not_eligible"
    assert found["koordinator"] == "eligible"
    assert result.locator(".k-right-ends time").get_attribute("datetime") == "2026-11-21"
    expect(result.locator(".k-right-ends")).to_contain_text(
        t["checker.result.turned"].replace("{age}", "18"))
    # The note on consent is for the rights that may exist, not for the one that does not.
    expect(result.locator("[data-k-programme=koordinator]")).to_contain_text(
        t["checker.consent.koordinator"])
    expect(result.locator("[data-k-programme=barnekoordinator]")).not_to_contain_text(
        t["checker.consent.barnekoordinator"])
    clear(page)

    # An expected child: no birth date is asked.
    answer_all(page, EXPECTED_CHILD)
    assert page.locator("[data-k-summary] [data-k-answer=child_birth_date]").count() == 0
    assert show_result(page) == {"individuell_plan": "eligible", "koordinator": "eligible",
                                 "barnekoordinator": "eligible"}
    expect(result.locator("[data-k-programme=individuell_plan]")).to_contain_text(
        t["checker.consent.individuell_plan"])
    clear(page)

    # An adult who does not know: the result says what is uncertain.
    answer_all(page, ADULT_DONT_KNOW)
    assert page.locator("[data-k-summary] [data-k-answer=long_term]").inner_text() == \
        t["checker.opt.unknown"]
    assert show_result(page) == {"individuell_plan": "unknown", "koordinator": "unknown",
                                 "barnekoordinator": "not_eligible"}
    expect(page.locator("[data-k-unknown]")).to_be_visible()
    expect(result.locator(".k-reason--unknown").first).to_contain_text(t["checker.status.unknown"])

    # Private: no answer in any request, nothing stored (and the session
    # fixture fails the test on any request to another host or a cookie).
    for value in ("2016-03-03", "2008-11-21", "expected_child", "2_or_more", "unknown",
                  "wants_", "for_whom", "=yes", "=no"):
        assert not [u for u in s.recorder.requests if value in u], value
    assert not [u for u in s.recorder.requests if "?" in u or "#" in u]
    assert_clean(page)


@pytest.mark.parametrize("lang", LANGS)
def test_deadline_tools(
        national_site: Path, live_checker: Callable[..., LiveChecker], lang: str) -> None:
    t = TEXT[lang]
    checker = live(live_checker, national_site, lang)  # its context accepts downloads
    s, page = checker.session, checker.page
    form = page.locator("form[data-k-tool=complaint]")
    form.locator("button[type=submit]").click()
    expect(form.locator("[data-k-error-list] li")).to_have_count(2)
    no_axe_violations(page, "deadline error")

    def complaint(basis: str) -> None:
        form.locator("[data-k-part=day]").fill("12")
        form.locator("[data-k-part=month]").fill("3")
        form.locator("[data-k-part=year]").fill("2026")
        form.locator(f"input[value={basis}]").check()
        form.locator("button[type=submit]").click()
        expect(form.locator("[data-k-tool-result]")).to_be_visible()

    complaint("health")  # four weeks: Thursday 9 April, nothing moved
    expect(form.locator(".k-deadline time")).to_have_attribute("datetime", "2026-04-09")
    assert form.locator(".k-moved-days").count() == 0
    complaint("social")  # three weeks lands on skjærtorsdag: moved over Easter
    expect(form.locator(".k-deadline time")).to_have_attribute("datetime", "2026-04-07")
    days = form.locator(".k-moved-days li")
    expect(days).to_have_count(5)
    expect(days.first).to_contain_text(t["checker.holiday.skjaertorsdag"])
    expect(days.nth(2)).to_contain_text(t["checker.complaint.weekend"])
    expect(form).to_contain_text(t["checker.complaint.late_now"])  # received in March
    expect(form.locator("a[href='https://lovdata.no/lov/1967-02-10/§31']")).to_have_count(1)

    # The complaint address of the chosen municipality.
    form.locator("[data-k-muni-select]").select_option("askoy")
    expect(form.locator("[data-k-muni-part=complaint]")).to_contain_text("Klampavikvegen 1")
    no_axe_violations(page, "deadline result")

    # The calendar file is made in the browser and carries the deadline.
    with page.expect_download() as info:
        form.locator("[data-k-ics]").click()
    download = info.value
    assert download.url.startswith("blob:")
    assert download.suggested_filename == t["checker.ics.filename"]
    ics = Path(download.path()).read_bytes().decode("utf-8")
    assert "DTSTART;VALUE=DATE:20260407\r\n" in ics
    assert "DTEND;VALUE=DATE:20260408\r\n" in ics

    reply = page.locator("form[data-k-tool=reply]")
    reply.locator("[data-k-part=day]").fill("31")
    reply.locator("[data-k-part=month]").fill("01")
    reply.locator("[data-k-part=year]").fill("2026")
    reply.locator("button[type=submit]").click()
    expect(reply.locator(".k-deadline time")).to_have_attribute("datetime", "2026-02-28")
    expect(reply).to_contain_text(t["checker.reply.overdue"])

    child = page.locator("form[data-k-tool=child]")
    child.locator("[data-k-part=day]").fill("21")
    child.locator("[data-k-part=month]").fill("11")
    child.locator("[data-k-part=year]").fill("2008")
    child.locator("button[type=submit]").click()
    expect(child.locator(".k-deadline time")).to_have_attribute("datetime", "2026-11-21")
    expect(child).to_contain_text(t["checker.result.turned"].replace("{age}", "18"))
    no_axe_violations(page, "deadline results")

    # A date that does not exist is refused at the field.
    child.locator("[data-k-part=day]").fill("31")
    child.locator("[data-k-part=month]").fill("2")
    child.locator("button[type=submit]").click()
    expect(child.locator("[data-k-error]")).to_contain_text(t["checker.error.date_invalid"])
    assert not [u for u in s.recorder.requests if "2026-03-12" in u or "2008" in u]
    assert_clean(page)


@pytest.mark.parametrize("lang", LANGS)
def test_print_shows_the_summary(
        national_site: Path, live_checker: Callable[..., LiveChecker], lang: str) -> None:
    page = live(live_checker, national_site, lang).page
    answer_all(page, EXPECTED_CHILD)
    show_result(page)
    page.emulate_media(media="print")
    for visible in ["[data-k-result-answers]", "[data-k-outcome=eligible] >> nth=0",
                    "[data-k-print-meta]", "[data-k-muni-part=contact]"]:
        expect(page.locator(visible)).to_be_visible()
    expect(page.locator("[data-k-result-answers] [data-k-answer=for_whom]")).to_have_text(
        TEXT[lang]["checker.q.for_whom.opt.expected_child"])
    for hidden in ["[data-k-clear]", "[data-k-print]", "form[data-k-tool=complaint]",
                   ".md-header", "[data-k-back]", "[data-k-result-answers] [data-k-change]"]:
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("[data-k-print-meta] time").first).to_have_attribute(
        "datetime", AS_OF.isoformat())


def _static_outcomes(page: Page, base: str, lang: str, path: list[tuple[str, str]]) -> \
        dict[str, str]:
    page.goto(base + PREFIX[lang] + "sjekk/")
    page.locator("[data-k-nojs] a").click()
    for _, token in path:
        static = {"3/03/2016": "under_18", "21/11/2008": "18_or_over"}.get(token, token)
        page.locator(f".k-answer-links a[data-k-token='{static}']").click()
    return outcomes(page)


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_static_flow_reaches_the_same_outcomes(
        national_site: Path, live_checker: Callable[..., LiveChecker],
        session: Callable[..., Session], lang: str) -> None:
    checker = live(live_checker, national_site, lang)
    # One server for both pages: the views compare the links' addresses too.
    base = checker.base
    nojs = session(base, java_script_enabled=False).new_page()
    nojs.goto(base + PREFIX[lang] + "sjekk/")
    # The deadline rules in words, with the 60-day table and its date.
    table = nojs.locator(".k-table tbody tr")
    expect(table).to_have_count(60)
    assert table.first.locator("time").first.get_attribute("datetime") == AS_OF.isoformat()
    expect(nojs.locator(".k-table-details > p time")).to_have_attribute(
        "datetime", AS_OF.isoformat())
    expect(nojs.locator("[data-k-app]").first).to_be_hidden()
    assert nojs.locator("tr", has=nojs.locator("th time[datetime='2026-11-24']")).locator(
        "td time").first.get_attribute("datetime") == "2026-12-22"

    page = checker.page
    for path in (ELIGIBLE_CHILD, TURNED_18_YESTERDAY, EXPECTED_CHILD, ADULT_DONT_KNOW,
                 NO_SERVICES, ONE_COMPLEX_SERVICE):
        answer_all(page, path)
        scripted = show_result(page)
        scripted_view = result_view(page)
        clear(page)
        static = _static_outcomes(nojs, base, lang, path)
        assert static == scripted, path
        # The same words and the same next steps: one template for both.
        static_view = result_view(nojs)
        for programme, words in scripted_view["outcomes"].items():
            assert static_view["outcomes"][programme] == words, (path, programme)
        assert static_view == scripted_view, path
        assert static_view["steps"], path
        if path is NO_SERVICES:
            assert static["barnekoordinator"] == "not_eligible"
    assert static["barnekoordinator"] == "uncertain"  # ONE_COMPLEX_SERVICE, last
    expect(nojs.locator("[data-k-programme=barnekoordinator] .k-flag--doubt")).to_contain_text(
        TEXT[lang]["checker.flag.single_complex_service_uncertain"])
    expect(nojs.locator("[data-k-next-step]")).to_have_count(5)
    # The static result page explains itself too. (axe needs JavaScript: it
    # runs on the same page in a normal context; the page has no script.)
    expect(nojs.locator("[data-k-programme=individuell_plan] .k-reason").first).to_be_visible()
    static_url = nojs.url
    # In the scripted page's context, on a page of its own (the checker page
    # stays for the next test).
    page = checker.session.new_page()
    page.goto(static_url)
    no_axe_violations(page, "static result")
    page.locator(".k-answers-so-far a").first.click()
    no_axe_violations(page, "static question")
    assert_clean(page)


def _tab_to(page: Page, test: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const e = document.activeElement; return {test}; }})()"):
            return
    raise AssertionError(f"Tab never reached: {test}")


@pytest.mark.parametrize("lang", LANGS)
def test_the_whole_flow_by_keyboard_alone(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session], lang: str) -> None:
    base = serve(national_site)
    page = open_checker(session(base), base, lang)
    # Tab into each question's radios, Space to choose, Tab to Continue, Enter.
    # Myself, no services (0), long-term yes, kvalifiseringsprogram yes: with
    # no services the koordinator is settled, so "complex" is not asked.
    for qid in ["for_whom", "services_needed", "long_term", "qualification_programme"]:
        _tab_to(page, f"e.type === 'radio' && e.name === '{qid}'")
        page.keyboard.press("Space")
        _tab_to(page, f"e.closest('[data-k-question={qid}]') && e.type === 'submit'")
        page.keyboard.press("Enter")
        expect(page.locator(f"[data-k-question={qid}]")).to_be_hidden()
    expect(page.locator("[data-k-summary]")).to_be_visible()
    _tab_to(page, "e.hasAttribute('data-k-change') && e.dataset.kChange === 'long_term'")
    page.keyboard.press("Enter")
    _tab_to(page, "e.type === 'radio' && e.name === 'long_term'")
    page.keyboard.press("Space")
    _tab_to(page, "e.closest('[data-k-question=long_term]') && e.type === 'submit'")
    page.keyboard.press("Enter")
    expect(page.locator("[data-k-summary]")).to_be_visible()
    _tab_to(page, "e.hasAttribute('data-k-show-result')")
    page.keyboard.press("Enter")
    expect(page.locator("[data-k-result]")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "k-result-heading"
    assert outcomes(page) == {"individuell_plan": "eligible", "koordinator": "not_eligible",
                              "barnekoordinator": "not_eligible"}
    _tab_to(page, "e.hasAttribute('data-k-clear')")
    page.keyboard.press("Enter")
    expect(page.locator("[data-k-question=for_whom]")).to_be_visible()


def test_the_browsers_back_and_forward_buttons_move_between_steps(
        national_site: Path, live_checker: Callable[..., LiveChecker]) -> None:
    page = live(live_checker, national_site, "nb").page
    address = page.url
    answer(page, "for_whom", "child")
    answer(page, "child_birth_date", "3/03/2016")
    expect(page.locator("[data-k-question=services_needed]")).to_be_visible()

    page.go_back()
    form = page.locator("[data-k-question=child_birth_date]")
    expect(form).to_be_visible()
    expect(form.locator("[data-k-part=year]")).to_have_value("2016")
    assert page.evaluate("document.activeElement.hasAttribute('data-k-heading')")
    page.go_back()
    expect(page.locator("[data-k-question=for_whom] input[data-k-token=child]")).to_be_checked()
    page.go_forward()
    expect(form).to_be_visible()

    # On to the result, then Back to the summary, Forward to the result again.
    answer(page, "child_birth_date", "3/03/2016")
    answer_all(page, ELIGIBLE_CHILD[2:])
    show_result(page)
    page.go_back()
    expect(page.locator("[data-k-summary]")).to_be_visible()
    page.go_forward()
    expect(page.locator("[data-k-result]")).to_be_visible()
    assert outcomes(page)["barnekoordinator"] == "eligible"

    # Nothing about the answers reached the address, storage or a request.
    assert page.url == address
    assert page.evaluate("Object.keys(history.state)") == ["kStep"]
    assert_clean(page)


def test_search_on_the_checker_page_waits_for_python(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    """Material's search index is requested only once Python is ready (so it
    does not slow Pyodide's start; on a loaded machine, once the page's hold
    runs out), and search then works on the page."""
    base = serve(national_site)
    s = session(base)
    s.context.add_init_script(RECORD_XHR)
    s.context.add_init_script(SEARCH_WATCH)
    page = open_checker(s, base, "nb")
    assert_search_index_waited(page, "ready")
    results = search(page, "klage")
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    assert any(h.startswith(base + "/klage/") for h in hrefs), hrefs
    assert_clean(page)


def _complaint_result(page: Page) -> Locator:
    """Compute a complaint deadline; its result holds a municipality choice."""
    form = page.locator("form[data-k-tool=complaint]")
    form.locator("[data-k-part=day]").fill("12")
    form.locator("[data-k-part=month]").fill("3")
    form.locator("[data-k-part=year]").fill("2026")
    form.locator("input[value=health]").check()
    form.locator("button[type=submit]").click()
    expect(form.locator("[data-k-tool-result]")).to_be_visible()
    return form


def test_choosing_a_municipality_fetches_its_details(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    """The national page holds no municipality details: the first choice
    fetches nn/sjekk/kommuner.json and shows them, in both places."""
    base = serve(national_site)
    s = session(base)
    page = open_checker(s, base, "nn")
    assert page.locator("[data-k-muni]").count() == 0
    data_url = base + "/nn/sjekk/kommuner.json"
    form = _complaint_result(page)
    assert data_url not in s.recorder.requests
    part = form.locator("[data-k-muni-part=complaint]")
    expect(part.locator("[data-k-muni-none]")).to_be_visible()
    part.locator("[data-k-muni-select]").select_option("bokn")
    expect(part.locator("[data-k-muni-target]")).to_contain_text("Boknatunvegen 37")
    expect(part.locator("[data-k-muni-none]")).to_be_hidden()
    expect(part.locator("[data-k-muni-status]")).to_be_empty()
    assert s.recorder.requests.count(data_url) == 1

    # The result's contact part follows the same choice, in nynorsk, with
    # links that work from the page.
    contact = page.locator("[data-k-result] [data-k-muni-part=contact]")
    expect(contact.locator("[data-k-muni-select]")).to_have_value("bokn")
    target = contact.locator("[data-k-muni-target]")
    expect(target).to_contain_text("Koordinerande eining i Bokn kommune")
    expect(target.locator("a[href='tel:46861866']")).to_have_count(1)
    more = target.locator("a[href$='/bokn/']")
    assert more.evaluate("a => a.href") == base + "/nn/kommuner/bokn/"

    # Another choice and back to none: no second fetch.
    part.locator("[data-k-muni-select]").select_option("askoy")
    expect(part.locator("[data-k-muni-target]")).to_contain_text("Klampavikvegen 1")
    part.locator("[data-k-muni-select]").select_option("")
    expect(part.locator("[data-k-muni-target]")).to_be_empty()
    expect(part.locator("[data-k-muni-none]")).to_be_visible()
    assert s.recorder.requests.count(data_url) == 1
    no_axe_violations(page, "municipality details")
    assert_clean(page)


def test_when_the_municipality_details_cannot_be_fetched_the_page_says_so(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(national_site)
    # Once the service worker has precached kommuner.json and claimed the
    # page, it answers the fetch and page.route never sees it (a race that
    # failed one CI run). Without a service worker the route always applies.
    page = open_checker(session(base, service_workers="block"), base, "en")
    page.route("**/kommuner.json", lambda route: route.abort())
    form = _complaint_result(page)
    part = form.locator("[data-k-muni-part=complaint]")
    select = part.locator("[data-k-muni-select]")
    select.select_option("askoy")
    status = part.locator("[data-k-muni-status]")
    expect(status).to_have_text(TEXT["en"]["checker.muni.failed"])
    assert status.get_attribute("role") == "status"
    # Told once, beside the select that was used: the result's contact part
    # has a live region of its own that stays quiet.
    contact = page.locator("[data-k-result] [data-k-muni-part=contact]")
    expect(contact.locator("[data-k-muni-select]")).to_have_value("askoy")
    expect(contact.locator("[data-k-muni-status]")).to_be_empty()
    expect(part.locator("[data-k-muni-none]")).to_be_visible()
    expect(part.locator("[data-k-muni-target]")).to_be_empty()
    expect(select).to_be_enabled()
    expect(select).to_have_value("askoy")
    no_axe_violations(page, "municipality details failed")

    # The next choice tries again.
    page.unroute("**/kommuner.json")
    select.select_option("bokn")
    expect(part.locator("[data-k-muni-target]")).to_contain_text("Boknatunvegen 37")
    expect(status).to_be_empty()
    assert_clean(page)


def test_the_result_paints_its_outcomes_first(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    """The frame that first shows the result has its heading (focused) and
    outcomes; the next steps, the letter and the answers below them follow
    right after that paint, and stay when the result is shown again."""
    base = serve(national_site)
    page = open_checker(session(base), base, "nb")
    answer_all(page, EXPECTED_CHILD)
    seen = page.evaluate(FIRST_RESULT_FRAME)
    assert seen["first"] == {"outcomes": 3, "heading": True, "parts": False,
                             "focused": "k-result-heading"}
    assert seen["after"] == {"parts": True, "painting": False}
    expect(page.locator("[data-k-result] .k-letter-tool")).to_be_visible()
    page.locator("[data-k-back]").click()
    expect(page.locator("[data-k-summary]")).to_be_visible()
    assert page.evaluate(FIRST_RESULT_FRAME)["after"] == {"parts": True, "painting": False}
    assert_clean(page)


def test_a_municipality_list_in_a_hidden_part_is_whole_again_once_shown(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    """A select of every municipality in a hidden part keeps only the empty
    choice and the chosen municipality, so that showing the part again stays
    fast on a slow phone. Once the part is on screen the whole list is back,
    in the page's order, with the choice kept; focus brings it back at once."""
    html = (national_site / "sjekk" / "index.html").read_text("utf-8")
    select_html = html[html.index('id="k-muni-result"'):]
    select_html = select_html[:select_html.index("</select>")]
    full = re.findall(r'<option value="([^"]*)"', select_html)
    assert full[0] == "" and len(full) >= 3
    first, second = full[1], full[2]
    base = serve(national_site)
    page = open_checker(session(base), base, "nb")
    contact = page.locator("[data-k-result] [data-k-muni-select]")
    values = "s => Array.from(s.options, o => o.value)"
    assert contact.evaluate(values) == [""]

    form = _complaint_result(page)
    complaint = form.locator("[data-k-muni-select]")
    expect(complaint.locator("option")).to_have_count(len(full))
    assert complaint.evaluate(values) == full
    complaint.select_option(first)
    assert contact.evaluate(values) == ["", first]
    expect(contact).to_have_value(first)

    answer_all(page, EXPECTED_CHILD)
    show_result(page)
    expect(contact.locator("option")).to_have_count(len(full))
    assert contact.evaluate(values) == full
    expect(contact).to_have_value(first)

    # Back to the summary: trimmed again, the choice kept; shown again and
    # focused at once (before the list would come back by itself), it is whole.
    page.locator("[data-k-back]").click()
    expect(page.locator("[data-k-summary]")).to_be_visible()
    assert contact.evaluate(values) == ["", first]
    # (Its part is on screen from the frame after the result's first paint.)
    whole_on_focus = page.evaluate("""async () => {
      document.querySelector("[data-k-show-result]").click();
      await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
      const select = document.querySelector("[data-k-result] [data-k-muni-select]");
      const before = select.options.length;
      select.focus();
      return [before, select.options.length, select.value, document.activeElement === select];
    }""")
    assert whole_on_focus == [2, len(full), first, True]
    page.keyboard.press("ArrowDown")
    expect(contact).to_have_value(second)
    expect(complaint).to_have_value(second)
    assert_clean(page)


def test_a_variant_presets_its_municipality(
        askoy_site: Path, bokn_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(askoy_site)
    page = session(base).new_page()
    page.goto(base + "/sjekk/")
    assert page.locator("[data-k-muni-select]").count() == 0
    expect(page.locator("[data-k-muni-part=contact] [data-k-muni-target]")).to_contain_text(
        "Askøy kommune, Helse og omsorg")
    bokn = serve(bokn_site)
    page = session(bokn).new_page()
    page.goto(bokn + "/sjekk/uten-js/")
    assert page.evaluate("document.documentElement.lang") == "nn"
    expect(page.locator("h1")).to_have_text(TEXT["nn"]["checker.q.for_whom.question"])
    assert_clean(page)


def test_when_pyodide_cannot_load_the_page_offers_the_static_flow(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(national_site)
    # No service worker, so it cannot answer pyodide.mjs past the route.
    s = session(base, service_workers="block")
    s.context.add_init_script(RECORD_XHR)
    page = s.new_page()
    page.route("**/pyodide.mjs", lambda route: route.abort())
    page.goto(base + "/en/sjekk/")
    page.wait_for_selector("[data-k-checker][data-k-state=failed]", timeout=SIGNAL_TIMEOUT_MS)
    expect(page.locator("[data-k-status]")).to_have_text(TEXT["en"]["checker.failed"])
    expect(page.locator("[data-k-fallback] a")).to_be_visible()
    # The questions go on from the build's answers (tests/browser/test_checker_instant.py).
    expect(page.locator("[data-k-question=for_whom]")).to_be_visible()
    # Search is not held back for good.
    assert_search_index_waited(page, "failed")
