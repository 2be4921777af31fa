"""The Pyodide runtime the site ships: the standard library trimmed to what
the checker uses, reproducibly, from a list that matches a real run."""

from __future__ import annotations

import importlib.util
import marshal
import zipfile
from pathlib import Path

import pytest

from sitegen import pyodide_assets
from sitegen.problems import BuildError

NPM_STDLIB = pyodide_assets.NPM_PYODIDE / pyodide_assets.STDLIB


def test_the_trimmed_standard_library(tmp_path: Path) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    pyodide_assets.trim_stdlib(NPM_STDLIB, first, cache=None)
    pyodide_assets.trim_stdlib(NPM_STDLIB, second, cache=None)
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size < NPM_STDLIB.stat().st_size / 2
    with zipfile.ZipFile(first) as trimmed, zipfile.ZipFile(NPM_STDLIB) as whole:
        names = trimmed.namelist()
        modules = {pyodide_assets._module_of(n) for n in names} - {None}
        assert modules == pyodide_assets.kept_modules()
        wanted = {"checker", "datetime", "json", "_pyodide", "encodings.utf_8"}
        assert wanted - modules == {"checker"}  # the checker is in the wheel
        assert "email/__init__.pyc" not in names and "email/" not in names
        assert "json/" in names
        assert not [n for n in names if n.endswith(".py")]  # bytecode only
        for name in names:  # each module compiled from Pyodide's own source, same date
            source = name.removesuffix("c")
            assert trimmed.getinfo(name).date_time == whole.getinfo(source).date_time
            if not name.endswith(".pyc"):
                assert trimmed.read(name) == whole.read(name)
                continue
            pyc, original = trimmed.read(name), whole.read(source)
            # PEP 552: magic, flags (hash-based, unchecked), the source's hash.
            assert pyc[:4] == importlib.util.MAGIC_NUMBER
            assert pyc[4:8] == (1).to_bytes(4, "little")
            assert pyc[8:16] == importlib.util.source_hash(original)
        # As `python -OO`: the module's docstring is not in its code.
        code = marshal.loads(trimmed.read("json/__init__.pyc")[16:])
        docstring = "JSON (JavaScript Object Notation)"
        assert docstring in whole.read("json/__init__.py").decode()
        assert not any(isinstance(c, str) and docstring in c for c in code.co_consts)
        assert code.co_filename == "json/__init__.py"


def test_the_compiled_standard_library_is_kept(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiled once; a build with the same inputs takes it from the cache."""
    cache = tmp_path / "cache"
    pyodide_assets.trim_stdlib(NPM_STDLIB, tmp_path / "a.zip", cache=cache)
    assert len(list(cache.iterdir())) == 1

    def no_compiling(*_: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(pyodide_assets, "bytecode", no_compiling)
    pyodide_assets.trim_stdlib(NPM_STDLIB, tmp_path / "b.zip", cache=cache)
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.zip", "b.zip", "cache"]


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
