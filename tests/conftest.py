"""Fixtures shared by every test folder: built sites in temporary folders."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from sitegen.build import BuildOptions, BuildResult, build
from sitegen.serve import serve_in_thread
from tests.browser.support import (
    CHECKER_READY,
    CHROMIUM,
    CHROMIUM_ARGS,
    SIGNAL_TIMEOUT_MS,
    STEP_TIMEOUT_MS,
    WATCH_SCRIPT,
    Recorder,
    Session,
    reset_checker,
)

ROOT = Path(__file__).resolve().parent.parent
# Every site the tests build is built "as of" this day, so results do not
# depend on the day the tests run.
AS_OF = dt.date(2026, 11, 22)

Builder = Callable[..., BuildResult]


@pytest.fixture(scope="session")
def build_site(tmp_path_factory: pytest.TempPathFactory) -> Builder:
    """Build a site into a fresh temporary folder; keyword arguments go to BuildOptions."""

    def _build(**kwargs: object) -> BuildResult:
        base = tmp_path_factory.mktemp("build")
        options = BuildOptions(as_of=AS_OF, out=base / "site", generated_dir=base / "gen")
        for key, value in kwargs.items():
            setattr(options, key, value)
        return build(options)

    return _build


def _built(build_site: Builder, **kwargs: object) -> Path:
    result = build_site(**kwargs)
    assert result.ok, [p.format() for p in result.problems.errors]
    assert result.out is not None
    return result.out


@pytest.fixture(scope="session")
def national_site(build_site: Builder) -> Path:
    return _built(build_site)


@pytest.fixture(scope="session")
def askoy_site(build_site: Builder) -> Path:
    return _built(build_site, municipality="askoy")


@pytest.fixture(scope="session")
def bokn_site(build_site: Builder) -> Path:
    return _built(build_site, municipality="bokn")


# Browser fixtures: one Playwright and one Chromium for the whole run (a second
# sync Playwright in the same thread is refused), shared by every test folder.

@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    expect.set_options(timeout=STEP_TIMEOUT_MS)
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    servers = []

    def _serve(directory: Path) -> str:
        server, url = serve_in_thread(directory)
        servers.append(server)
        return url

    yield _serve
    for server in servers:
        server.shutdown()


@pytest.fixture
def session(browser: Browser) -> Iterator[Callable[..., Session]]:
    """Make a browser context for a served site; privacy is checked when the test ends."""
    made: list[tuple[Session, list[Page]]] = []

    def _session(base: str, **context_args: object) -> Session:
        context = browser.new_context(**context_args)  # type: ignore[arg-type]
        context.set_default_timeout(STEP_TIMEOUT_MS)
        context.add_init_script(WATCH_SCRIPT)
        s = Session(context, Recorder(base))
        made.append((s, []))
        return s

    yield _session
    for s, _ in made:
        foreign = s.recorder.foreign()
        cookies = s.context.cookies()
        s.context.close()
        assert not foreign, f"requests to other hosts: {foreign}"
        assert not cookies, f"cookies were set: {cookies}"


# A checker page whose Python is ready, kept for the tests that need a live
# engine and nothing about its start: Pyodide starts once per page (site,
# address, clock) in the whole run instead of once per test, whichever module
# asks. Tests about the start itself (held back, failing, offline, the first
# visit, what waits for Python) keep opening their own page through `session`.

@dataclass
class LiveChecker:
    session: Session      # its recorder holds this test's requests only
    page: Page            # the checker page, Python ready, as after a fresh load
    base: str             # the served site's address


_FAILED = pytest.StashKey[bool]()
# Printed with the stage times: how often a live page was started, reused,
# or started again because the clear did not bring it back.
_live_counts = {"started": 0, "reused": 0, "restarted": 0}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Generator[None, pytest.TestReport,
                                                              pytest.TestReport]:
    report = yield
    if report.failed:
        item.stash[_FAILED] = True
    return report


@pytest.fixture(scope="session")
def _live_checkers(browser: Browser) -> Iterator[dict[tuple[Path, str, dt.datetime],
                                                      LiveChecker]]:
    # Asks for the browser so that the pages are closed before it is.
    pool: dict[tuple[Path, str, dt.datetime], LiveChecker] = {}
    yield pool
    for live in pool.values():
        live.session.context.close()


@pytest.fixture
def live_checker(_live_checkers: dict[tuple[Path, str, dt.datetime], LiveChecker],
                 browser: Browser, serve: Callable[[Path], str],
                 request: pytest.FixtureRequest) -> Iterator[Callable[..., LiveChecker]]:
    """live_checker(site, path, clock) gives the checker page at `path` of the
    built `site` (e.g. "/nn/sjekk/"), its clock fixed at `clock`, with Python
    ready. The first test to ask for it waits for the start; the next ones,
    in any module, get the same page cleared by its own "clear my answers" button
    (reset_checker). As with `session`, the test fails on any request to
    another host or a cookie; a test that fails leaves the page to no one."""
    pool = _live_checkers
    used: list[tuple[Path, str, dt.datetime]] = []

    def _live(site: Path, path: str, clock: dt.datetime) -> LiveChecker:
        key = (site, path, clock)
        live = pool.get(key)
        if live is not None:
            try:
                reset_checker(live.page)
                _live_counts["reused"] += 1
            except Exception:  # whatever went wrong, a fresh page is the remedy
                live.session.context.close()
                del pool[key]
                live = None
                _live_counts["restarted"] += 1
        if live is None:
            base = serve(site)
            context = browser.new_context(accept_downloads=True)
            context.set_default_timeout(STEP_TIMEOUT_MS)
            context.add_init_script(WATCH_SCRIPT)
            s = Session(context, Recorder(base))
            page = s.new_page()
            page.clock.set_fixed_time(clock)
            page.goto(base + path)
            page.wait_for_selector(CHECKER_READY, timeout=SIGNAL_TIMEOUT_MS)
            live = pool[key] = LiveChecker(s, page, base)
            _live_counts["started"] += 1
        used.append(key)
        return live

    yield _live
    failed = request.node.stash.get(_FAILED, False)
    for key in dict.fromkeys(used):
        live = pool[key]
        for other in live.session.context.pages:
            if other is not live.page:
                other.close()
        foreign = live.session.recorder.foreign()
        cookies = live.session.context.cookies()
        live.session.recorder.requests.clear()
        live.session.recorder.everything.clear()
        if failed or foreign or cookies:
            live.session.context.close()
            del pool[key]
        assert not foreign, f"requests to other hosts: {foreign}"
        assert not cookies, f"cookies were set: {cookies}"




# Stages: `.ci/run` prints the time of each (install, lint, unit, browser,
# gates). Tests run stage by stage, unit first, so a plain mistake shows
# early; a module stays whole (its module fixtures are set up once).
STAGES = ("unit", "browser", "gates")
_stage_seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)
_stage_counts: dict[str, int] = dict.fromkeys(STAGES, 0)
_STAGE = pytest.StashKey[str]()
_stage_of_nodeid: dict[str, str] = {}


def _folder(item: pytest.Item) -> str:
    parts = Path(str(item.path)).resolve().relative_to(ROOT / "tests").parts
    return parts[0] if len(parts) > 1 else ""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    browser_modules = {str(i.path) for i in items if i.get_closest_marker("browser")}

    def stage(item: pytest.Item) -> str:
        folder = _folder(item)
        if folder == "quality":
            return "gates"
        if folder in ("browser", "bench") or str(item.path) in browser_modules:
            return "browser"
        return "unit"

    for item in items:
        item.stash[_STAGE] = stage(item)
    items.sort(key=lambda i: STAGES.index(i.stash[_STAGE]))  # stable: file order kept



def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # The item is gone by now; its stage is found again from its node id.
    stage = _stage_of_nodeid.get(report.nodeid)
    if stage is not None:
        _stage_seconds[stage] += report.duration
        if report.when == "call":
            _stage_counts[stage] += 1



@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    _stage_of_nodeid.update({i.nodeid: i.stash[_STAGE] for i in session.items
                             if _STAGE in i.stash})


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not any(_stage_counts.values()):
        return
    terminalreporter.section("time per stage")
    for stage in STAGES:
        terminalreporter.write_line(
            f"{stage:8} {_stage_seconds[stage] / 60:5.1f} min  {_stage_counts[stage]} tests")
    if _live_counts["started"]:
        terminalreporter.write_line(
            "live checker pages: {started} started ({restarted} after a clear that "
            "failed), {reused} times reused".format(**_live_counts))
    out = os.environ.get("KOORDINERT_STAGE_TIMES")
    if out:
        Path(out).write_text(json.dumps(
            {s: {"seconds": round(_stage_seconds[s], 1), "tests": _stage_counts[s]}
             for s in STAGES}), encoding="utf-8")
