"""The letters on the checker page (issue 16) in Chromium: the request letter
from the checker's result and the complaint letter from the complaint deadline
tool, written by the Python checker in the worker.

On Askøy's own site the request goes to its unit, at the address in its file;
on the national site a municipality known only from the register gets its name
and no invented address. Each letter names its law and today's date; the
complaint's notes name the last day. Printed, the letter stands alone; the
keyboard alone writes and copies one; "clear my answers" removes it; nothing
but GET requests for the site's own files happens; axe finds nothing.
Screenshots of both letters, on screen and printed, go to tests/_artifacts/.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Page, expect

from tests.browser.support import Session, assert_clean, run_axe
from tests.browser.test_checker_instant import RUNTIME, cli, held_checker
from tests.browser.test_checker_page import (
    ELIGIBLE_CHILD,
    NO_SERVICES,
    NOON,
    _complaint_result,
    _tab_to,
    answer_all,
    open_checker,
    show_result,
)
from tests.conftest import AS_OF, ROOT

pytestmark = pytest.mark.browser

LANGS = ("nb", "nn", "en")
ARTIFACTS = ROOT / "tests" / "_artifacts"
TEXT = {lang: {k: v for name in ("checker", "letters") for k, v in yaml.safe_load(
    (ROOT / "content" / "ui" / lang / f"{name}.yaml").read_text("utf-8")).items()}
        for lang in LANGS}
# A municipality with no curated file: the register gives its name only.
REGISTER_ONLY = "utsira"
# The letter's date as the letters write it ("22. november 2026").
MONTH_NB = TEXT["nb"]["letter.month." + str(AS_OF.month)]


def _letter_date(lang: str) -> str:
    t = TEXT[lang]
    return t["letter.date_format"].format(day=AS_OF.day, month=t[f"letter.month.{AS_OF.month}"],
                                          year=AS_OF.year)


def _watch_requests(page: Page) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    page.on("request", lambda r: seen.append((r.method, r.url)))
    return seen


def _not_local_get(seen: list[tuple[str, str]], base: str) -> list[str]:
    host = urlsplit(base).netloc
    return [f"{m} {u}" for m, u in seen
            if m != "GET" or (not u.startswith(("blob:", "data:")) and urlsplit(u).netloc != host)]


def _request_letter(page: Page, lang: str, hard: str = "Mange avtaler") -> Page:
    answer_all(page, ELIGIBLE_CHILD)
    show_result(page)
    tool = page.locator("[data-k-letter=request]")
    tool.locator("[name=who]").fill("Kari Nordmann, 3. mars 2016")
    tool.locator("[name=hard]").fill(hard)
    tool.locator("[data-k-letter-write]").click()
    expect(tool.locator("[data-k-letter-output]")).to_be_visible()
    return page


def _letter_text(page: Page, kind: str) -> str:
    text: str = page.locator(f"[data-k-letter={kind}] [data-k-letter-text]").input_value()
    return text


def _send_text(page: Page, kind: str) -> str:
    area = page.locator(f"[data-k-letter={kind}] [data-k-letter-send]")
    if area.count():
        value: str = area.input_value()
        return value
    return _letter_text(page, kind)


def _print_view_alone(page: Page, expected: str) -> None:
    page.emulate_media(media="print")
    view = page.locator("[data-k-letter-print-view]")
    expect(view).to_be_visible()
    expect(view).to_contain_text(expected)
    for chrome in (".md-header", ".md-footer", ".md-sidebar", "[data-k-checker]"):
        if page.locator(chrome).count():
            expect(page.locator(chrome).first).to_be_hidden()
    page.emulate_media(media="screen")


@pytest.mark.parametrize("lang", LANGS)
def test_request_and_complaint_letters_on_askoys_site(
        askoy_site: Path, serve: Callable[[Path], str], session: Callable[..., Session],
        lang: str) -> None:
    t = TEXT[lang]
    base = serve(askoy_site)
    s = session(base, accept_downloads=True)
    page = open_checker(s, base, lang)
    seen = _watch_requests(page)
    _request_letter(page, lang)
    text = _letter_text(page, "request")
    send = _send_text(page, "request")
    # To Askøy's unit at the address in its file (the Norwegian name on an
    # English page: the Norwegian text is the one sent).
    assert "Askøy kommune, Helse og omsorg" in send
    assert "Klampavikvegen 1" in send and "5300 Kleppestø" in send
    assert "§ 2-5" in text and "§ 2-5 b" in text and "§ 2-5 c" in text
    assert _letter_date(lang) in text
    assert "Kari Nordmann, 3. mars 2016" in text and "Mange avtaler" in text
    if lang == "en":
        assert f"{AS_OF.day}. {MONTH_NB} {AS_OF.year}" in send and "Jeg ber om" in send
    assert run_axe(page) == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tool = page.locator("[data-k-letter=request]")
    tool.screenshot(path=str(ARTIFACTS / f"letter-request-askoy-{lang}.png"))

    # Download: a text file made in the page, the letter to send.
    with page.expect_download() as info:
        tool.locator("[data-k-letter-download]").click()
    download = info.value
    assert download.url.startswith("blob:")
    assert download.suggested_filename == t["letter.ui.filename"]
    assert "Klampavikvegen 1" in Path(download.path()).read_text("utf-8")

    # Printed: the letter alone, with the words as edited.
    area = tool.locator("[data-k-letter-send]" if lang == "en" else "[data-k-letter-text]")
    area.fill(area.input_value() + "\nEN LINJE JEG LA TIL\n")
    tool.locator("[data-k-letter-print]").click()
    _print_view_alone(page, "EN LINJE JEG LA TIL")
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / f"letter-request-askoy-{lang}-print.png"), full_page=True)
    page.emulate_media(media="screen")

    # The complaint letter from the complaint deadline tool's result.
    form = _complaint_result(page)
    complaint = page.locator("[data-k-letter=complaint]")
    expect(complaint).to_be_visible()
    complaint.locator("[data-k-letter-write]").click()
    expect(complaint.locator("[data-k-error-summary]")).to_be_visible()  # which programme?
    complaint.locator("input[value=koordinator]").check()
    complaint.locator("[name=wants]").fill("En koordinator fra skolen")
    complaint.locator("[data-k-letter-write]").click()
    expect(complaint.locator("[data-k-letter-output]")).to_be_visible()
    ctext = _letter_text(page, "complaint")
    assert "§ 7-2" in ctext and _letter_date(lang) in ctext
    assert "En koordinator fra skolen" in ctext
    # Askøy's complaints go to the unit in its file.
    assert "Klampavikvegen 1" in _send_text(page, "complaint")
    deadline = form.locator(".k-deadline time").inner_text()
    expect(complaint.locator("[data-k-letter-notes]")).to_contain_text(
        t["letter.note.deadline"].split("{")[0].strip())
    assert "9" in deadline
    expect(complaint.locator("[data-k-letter-notes]")).to_contain_text(
        t["letter.date_format"].format(day=9, month=t["letter.month.4"], year=2026))
    assert run_axe(page) == []
    complaint.screenshot(path=str(ARTIFACTS / f"letter-complaint-askoy-{lang}.png"))
    complaint.locator("[data-k-letter-print]").click()
    _print_view_alone(page, "§ 7-2")
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / f"letter-complaint-askoy-{lang}-print.png"),
                    full_page=True)
    page.emulate_media(media="screen")

    # "Clear my answers" removes the letters and what was typed for them.
    page.locator("[data-k-clear]").click()
    expect(page.locator("[data-k-question=for_whom]")).to_be_visible()
    assert _letter_text(page, "request") == "" and _letter_text(page, "complaint") == ""
    expect(page.locator("[data-k-letter=complaint]")).to_be_hidden()
    assert page.locator("[data-k-letter=request] [name=who]").input_value() == ""
    assert page.locator("[data-k-letter-print-view]").count() == 0
    assert _not_local_get(seen, base) == []
    assert_clean(page)


def test_request_letter_to_a_register_only_municipality_and_no_decision(
        national_site: Path, serve: Callable[[Path], str],
        session: Callable[..., Session]) -> None:
    base = serve(national_site)
    page = open_checker(session(base), base, "nb")
    seen = _watch_requests(page)
    answer_all(page, ELIGIBLE_CHILD)
    show_result(page)
    hint = page.locator("[data-k-letter=request] [data-k-letter-no-muni]")
    expect(hint).to_have_text(TEXT["nb"]["letter.ui.no_municipality"])
    contact = page.locator("[data-k-result] [data-k-muni-part=contact]")
    name = contact.locator(f"option[value={REGISTER_ONLY}]").inner_text()
    contact.locator("[data-k-muni-select]").select_option(REGISTER_ONLY)
    tool = page.locator("[data-k-letter=request]")
    tool.locator("[data-k-letter-write]").click()
    expect(tool.locator("[data-k-letter-output]")).to_be_visible()
    text = _letter_text(page, "request")
    assert f"{name} kommune" in text
    # No address is invented: the lines after the name are blank to fill in.
    after = text.split(f"{name} kommune", 1)[1].strip().splitlines()
    assert after[0].strip("_ ") == ""
    assert "§ 2-5" in text and _letter_date("nb") in text
    expect(hint).to_be_hidden()
    assert run_axe(page) == []
    tool.screenshot(path=str(ARTIFACTS / "letter-request-national-register-only-nb.png"))

    # The complaint without a written decision (legal audit E3).
    nd = page.locator("[data-k-letter=complaint_no_decision]")
    nd.locator("input[value=individuell_plan]").check()
    nd.locator("input[value=oral_no]").check()
    nd.locator("[data-k-letter-write]").click()
    expect(nd.locator("[data-k-letter-output]")).to_be_visible()
    ntext = _letter_text(page, "complaint_no_decision")
    assert "§ 7-2" in ntext and TEXT["nb"]["letter.no_decision.situation.oral_no"] in ntext
    expect(nd.locator("[data-k-letter-notes]")).to_contain_text(TEXT["nb"]["letter.note.no_deadline"])
    nd.screenshot(path=str(ARTIFACTS / "letter-no-decision-national-nb.png"))
    assert run_axe(page) == []

    # Answers that point to nothing: no request letter is offered.
    page.locator("[data-k-clear]").click()
    answer_all(page, NO_SERVICES)
    assert set(show_result(page).values()) == {"not_eligible"}
    expect(page.locator("[data-k-letter=request]")).to_be_hidden()
    assert _not_local_get(seen, base) == []
    assert_clean(page)


def test_a_letter_by_keyboard_alone(
        askoy_site: Path, serve: Callable[[Path], str], session: Callable[..., Session]) -> None:
    base = serve(askoy_site)
    s = session(base)
    s.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = open_checker(s, base, "nb")
    answer_all(page, ELIGIBLE_CHILD)
    show_result(page)
    _tab_to(page, "e.name === 'who'")
    page.keyboard.type("Ola")
    _tab_to(page, "e.hasAttribute('data-k-letter-write') && e.closest('[data-k-letter=request]')")
    page.keyboard.press("Enter")
    output = page.locator("[data-k-letter=request] [data-k-letter-output]")
    expect(output).to_be_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-k-letter-text')")
    _tab_to(page, "e.hasAttribute('data-k-letter-copy')")
    page.keyboard.press("Space")
    expect(output.locator("[data-k-letter-status]")).to_have_text(TEXT["nb"]["letter.ui.copied"])
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Klampavikvegen 1" in copied and "Ola" in copied and "§ 2-5" in copied
    _tab_to(page, "e.hasAttribute('data-k-clear')")
    page.keyboard.press("Enter")
    expect(output).to_be_hidden()
    assert _letter_text(page, "request") == ""


def _cli_letter(kind: str, to: dict[str, object], *args: str) -> str:
    """The letter's text from the command line, to the page's addressee."""
    lines = to.get("address") or []
    assert isinstance(lines, list)
    out = cli("letter", kind, "--to-name", str(to["name"]),
              *[a for line in lines for a in ("--to-line", str(line))],
              "--to-source", str(to["source"]), "--lang", "nb", "--format", "json",
              "--as-of", AS_OF.isoformat(), *args)
    text = out["text"]
    assert isinstance(text, str)
    return text


def test_the_letters_come_at_once_while_python_is_held_back(
        askoy_site: Path, serve: Callable[[Path], str], session: Callable[..., Session]) -> None:
    """Before Python is ready the letters come from what the build prepared with
    the same Python, at once and word for word the command line's letter."""
    base = serve(askoy_site)
    s = session(base, service_workers="block")
    with held_checker(s, base, "nb") as (page, held):
        to = page.evaluate("JSON.parse(document.getElementById('k-checker-data').textContent)"
                           ".letter_to")
        _request_letter(page, "nb", hard="Mange avtaler\nog lange $& ventetider")
        tool = page.locator("[data-k-letter=request]")
        assert page.locator("[data-k-checker]").get_attribute("data-k-state") == "loading"
        expect(tool.locator("[data-k-working-note]")).to_have_text("")
        assert _letter_text(page, "request") == _cli_letter(
            "request", to["request"], "--for-whom", "child", "--programme", "individuell_plan",
            "--programme", "koordinator", "--programme", "barnekoordinator",
            "--who", "Kari Nordmann, 3. mars 2016",
            "--hard", "Mange avtaler\nog lange $& ventetider")

        _complaint_result(page)
        complaint = page.locator("[data-k-letter=complaint]")
        complaint.locator("input[value=koordinator]").check()
        complaint.locator("[name=wants]").fill("En koordinator fra skolen")
        complaint.locator("[name=late_reason]").fill("Brevet kom bort")
        complaint.locator("[data-k-letter-write]").click()
        expect(complaint.locator("[data-k-letter-output]")).to_be_visible()
        assert page.locator("[data-k-checker]").get_attribute("data-k-state") == "loading"
        text = _letter_text(page, "complaint")
        assert text == _cli_letter(
            "complaint", to["complaint"], "--basis", "health", "--received", "2026-03-12",
            "--programme", "koordinator", "--wants", "En koordinator fra skolen",
            "--late-reason", "Brevet kom bort")
        assert "§ 7-2" in text
        # Printed, its subject line (the fourth block) stands out.
        complaint.locator("[data-k-letter-print]").click()
        expect(page.locator("[data-k-letter-print-view] .k-letter-print__subject")).to_have_text(
            text.split("\n\n")[3])
        page.evaluate("document.documentElement.classList.remove('k-printing-letter')")
        assert held.routes, "the runtime was not requested"
        # Once Python is ready, the same letter comes from Python.
        held.release()
        page.wait_for_selector("[data-k-checker][data-k-state=ready]", timeout=90_000)
        complaint.locator("[data-k-letter-write]").click()
        expect(complaint.locator("[data-k-letter-output]")).to_be_visible()
        assert _letter_text(page, "complaint") == text


def test_the_letter_waits_for_python_and_says_so(
        askoy_site: Path, serve: Callable[[Path], str], session: Callable[..., Session]) -> None:
    """A letter the build's file cannot give (here: the file does not come)
    waits for Python: the button's form says "working …", and the letter comes
    once Python answers, without another click."""
    base = serve(askoy_site)
    s = session(base, service_workers="block")
    with held_checker(s, base, "nb") as (page, held):
        page.route("**/instant-letters.json", lambda route: route.abort())
        answer_all(page, ELIGIBLE_CHILD)
        show_result(page)
        assert page.locator("[data-k-checker]").get_attribute("data-k-state") == "loading"
        tool = page.locator("[data-k-letter=request]")
        tool.locator("[data-k-letter-write]").click()
        expect(tool.locator("[data-k-working-note]")).to_have_text(TEXT["nb"]["checker.working"])
        expect(tool.locator("form")).to_have_attribute("aria-busy", "true")
        assert held.routes, "the runtime was not requested"
        held.release()
        expect(tool.locator("[data-k-letter-output]")).to_be_visible(timeout=90_000)
        expect(tool.locator("[data-k-working-note]")).to_have_text("")
        assert "Klampavikvegen 1" in _letter_text(page, "request")


def test_when_python_cannot_start_the_letter_template_is_linked(
        askoy_site: Path, serve: Callable[[Path], str], session: Callable[..., Session]) -> None:
    base = serve(askoy_site)
    s = session(base, service_workers="block")
    page = s.new_page()
    page.clock.set_fixed_time(NOON)
    page.route(RUNTIME, lambda route: route.abort())
    # Without Python, the letters the build prepared still come (see the test
    # above); here they do not come either.
    page.route("**/instant-letters.json", lambda route: route.abort())
    page.goto(base + "/sjekk/")
    page.wait_for_selector("[data-k-checker][data-k-state=failed]", timeout=90_000)
    answer_all(page, ELIGIBLE_CHILD)
    show_result(page)
    tool = page.locator("[data-k-letter=request]")
    tool.locator("[data-k-letter-write]").click()
    failed = tool.locator("[data-k-letter-failed]")
    expect(failed).to_be_visible()
    expect(failed).to_contain_text(TEXT["nb"]["letter.ui.unavailable"])
    href = failed.locator("a").get_attribute("href")
    # From the language's root, so that it holds on the embed page too.
    assert href == "../sjekk/brev/be-om/"
    page.goto(base + "/sjekk/" + href)
    expect(page.locator(".k-letter")).to_be_visible()


@pytest.mark.parametrize("lang", ["nn", "en"])
def test_national_letters_to_a_register_only_municipality_by_keyboard(
        national_site: Path, serve: Callable[[Path], str], session: Callable[..., Session],
        lang: str) -> None:
    """On the national site in nynorsk and English, with a municipality known
    only from the register: the request letter names its route (its name, blank
    lines for the address: nothing invented), the paragraphs of the programmes
    asked for and today's date; the complaint letter names the deadline and
    § 7-2. Written, copied and reached by the keyboard alone; axe finds nothing."""
    t = TEXT[lang]
    base = serve(national_site)
    s = session(base)
    s.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = open_checker(s, base, lang)
    seen = _watch_requests(page)
    answer_all(page, ELIGIBLE_CHILD)
    show_result(page)
    contact = page.locator("[data-k-result] [data-k-muni-part=contact]")
    name = contact.locator(f"option[value={REGISTER_ONLY}]").inner_text()
    contact.locator("[data-k-muni-select]").focus()
    contact.locator("[data-k-muni-select]").select_option(REGISTER_ONLY)  # keyboard: a select
    tool = page.locator("[data-k-letter=request]")
    _tab_to(page, "e.name === 'who' && e.closest('[data-k-letter=request]')")
    page.keyboard.type("Ola Nordmann, 3.3.2016")
    _tab_to(page, "e.hasAttribute('data-k-letter-write') && e.closest('[data-k-letter=request]')")
    page.keyboard.press("Enter")
    expect(tool.locator("[data-k-letter-output]")).to_be_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-k-letter-text')")
    text, send = _letter_text(page, "request"), _send_text(page, "request")
    for letter in (text, send):
        assert f"{name} kommune" in letter
        # The route without invented details: blank lines after the name.
        after = letter.split(f"{name} kommune", 1)[1].strip().splitlines()
        assert after[0].strip("_ ") == "" and after[1].strip("_ ") == ""
        assert "§ 2-5 " in letter and "§ 2-5 b" in letter and "§ 2-5 c" in letter
    assert _letter_date(lang) in text and "Ola Nordmann, 3.3.2016" in text
    if lang == "en":
        # The Norwegian text to send, dated in Norwegian.
        assert send != text and any(_letter_date(n) in send for n in ("nb", "nn"))
    assert run_axe(page) == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tool.screenshot(path=str(ARTIFACTS / f"letter-request-national-{lang}.png"))
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / f"letter-request-national-{lang}-page-print.png"),
                    full_page=True)
    page.emulate_media(media="screen")
    _tab_to(page, "e.hasAttribute('data-k-letter-copy') && e.closest('[data-k-letter=request]')")
    page.keyboard.press("Enter")
    expect(tool.locator("[data-k-letter-status]")).to_have_text(t["letter.ui.copied"])
    assert page.evaluate("navigator.clipboard.readText()") == send

    # The complaint letter, from the complaint deadline tool, by the keyboard.
    form = _complaint_result(page)
    deadline = t["letter.date_format"].format(day=9, month=t["letter.month.4"], year=2026)
    complaint = page.locator("[data-k-letter=complaint]")
    expect(complaint).to_be_visible()
    _tab_to(page, "e.value === 'individuell_plan' && e.closest('[data-k-letter=complaint]')")
    page.keyboard.press("Space")
    _tab_to(page, "e.name === 'wants' && e.closest('[data-k-letter=complaint]')")
    page.keyboard.type("Ein plan")
    _tab_to(page, "e.hasAttribute('data-k-letter-write') && e.closest('[data-k-letter=complaint]')")
    page.keyboard.press("Enter")
    expect(complaint.locator("[data-k-letter-output]")).to_be_visible()
    ctext = _letter_text(page, "complaint")
    assert "§ 7-2" in ctext and _letter_date(lang) in ctext and "Ein plan" in ctext
    assert f"{name} kommune" in _send_text(page, "complaint")
    expect(complaint.locator("[data-k-letter-notes]")).to_contain_text(deadline)
    assert form.locator(".k-deadline time").get_attribute("datetime") == "2026-04-09"
    assert run_axe(page) == []
    complaint.screenshot(path=str(ARTIFACTS / f"letter-complaint-national-{lang}.png"))
    complaint.locator("[data-k-letter-print]").focus()
    page.keyboard.press("Enter")
    _print_view_alone(page, "§ 7-2")
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / f"letter-complaint-national-{lang}-print.png"),
                    full_page=True)
    page.emulate_media(media="screen")

    # The letter without a decision asks why the help is needed, not why a
    # decision is wrong.
    nd = page.locator("[data-k-letter=complaint_no_decision]")
    expect(nd.locator("#k-ln-why-hint")).to_have_text(t["letter.prompt.no_decision.why"])
    expect(nd.locator("#k-ln-wants-hint")).to_have_text(t["letter.prompt.no_decision.wants"])
    assert _not_local_get(seen, base) == []
    assert_clean(page)
