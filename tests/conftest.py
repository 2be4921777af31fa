"""Fixtures shared by every test folder: built sites in temporary folders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.build import BuildOptions, BuildResult, build

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
