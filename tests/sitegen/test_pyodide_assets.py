"""The Pyodide runtime the site ships: the standard library trimmed to what
the checker uses, reproducibly, from a list that matches a real run."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from sitegen import pyodide_assets
from sitegen.problems import BuildError

NPM_STDLIB = pyodide_assets.NPM_PYODIDE / pyodide_assets.STDLIB


def test_the_trimmed_standard_library(tmp_path: Path) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    pyodide_assets.trim_stdlib(NPM_STDLIB, first)
    pyodide_assets.trim_stdlib(NPM_STDLIB, second)
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size < NPM_STDLIB.stat().st_size / 3
    with zipfile.ZipFile(first) as trimmed, zipfile.ZipFile(NPM_STDLIB) as whole:
        names = trimmed.namelist()
        modules = {pyodide_assets._module_of(n) for n in names} - {None}
        assert modules == pyodide_assets.kept_modules()
        wanted = {"checker", "datetime", "json", "_pyodide", "encodings.utf_8"}
        assert wanted - modules == {"checker"}  # the checker is in the wheel
        assert "email/__init__.py" not in names and "email/" not in names
        assert "json/" in names
        for name in names:  # the same bytes and dates as Pyodide's own
            assert trimmed.read(name) == whole.read(name)
            assert trimmed.getinfo(name).date_time == whole.getinfo(name).date_time


def test_a_listed_module_pyodide_lacks_stops_the_build(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    listed = tmp_path / "list.txt"
    listed.write_text("# comment\njson\nno_such_module\n", encoding="utf-8")
    monkeypatch.setattr(pyodide_assets, "STDLIB_LIST", listed)
    with pytest.raises(BuildError, match="no_such_module"):
        pyodide_assets.trim_stdlib(NPM_STDLIB, tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()


def test_the_list_is_what_a_run_loads() -> None:
    """Pyodide's start and every checker case, under Node, load exactly the
    listed modules: a new import in checker/ (or a Pyodide update) shows here,
    fixed with `python -m sitegen.pyodide_assets --stdlib-list`."""
    listed = pyodide_assets.kept_modules() - set(pyodide_assets.EXTRA_MODULES)
    assert set(pyodide_assets.list_stdlib_modules()) == listed


def test_the_checker_page_defers_materials_own_bundle() -> None:
    """theme/main.html writes Material's script tag itself on checker pages
    (deferred): the bundle's name must be the one Material's template gives."""
    import re

    import material

    base = (Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8")
    ours = (pyodide_assets.ROOT / "theme" / "main.html").read_text(encoding="utf-8")
    bundle = re.search(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js", base)
    assert bundle
    assert f"'{bundle.group(0)}' | url }}}}\" defer></script>" in ours
