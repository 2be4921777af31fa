"""Fixtures shared by every test folder: built sites in temporary folders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from sitegen.build import BuildOptions, BuildResult, build
from sitegen.serve import serve_in_thread
from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, WATCH_SCRIPT, Recorder, Session

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


