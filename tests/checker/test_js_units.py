"""The page's JavaScript: its unit tests (Node's built-in runner, no DOM), in
`make test`, and the module graph the checker page loads."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from typing import Any

from checker_support import ROOT

ASSETS = ROOT / "theme" / "assets" / "koordinert"
MAIN = ROOT / "theme" / "main.html"
IMPORT = re.compile(r'^\s*(?:import|export)\b[^"\n]*?(?:\bfrom\s+)?"\./([\w.-]+\.js)";?\s*$',
                    re.MULTILINE)


def test_node_unit_tests_pass() -> None:
    proc = subprocess.run(["node", "--test", "tests/js/"], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "# fail 0" in proc.stdout and "# pass 0" not in proc.stdout
    # The flow's state transitions are among them.
    assert re.search(r"^ok \d+ - Change an earlier answer", proc.stdout, re.MULTILINE)


def imports(name: str) -> set[str]:
    """The modules `name` imports statically (relative imports only)."""
    return set(IMPORT.findall((ASSETS / name).read_text(encoding="utf-8")))


def test_imports_are_read() -> None:
    assert imports("checker-page.js") >= {"checker-ask.js", "checker-flow.js"}
    assert imports("checker-letters.js") == {"checker-page.js", "checker-dom.js"}


def test_the_checker_page_loads_its_modules_as_one_bundle() -> None:
    """The page loads one module script, the build's bundle of its entry
    modules, and preloads it and the module it imports by URL; the bundle
    holds exactly the entries' static module graph (else a module would be
    fetched on its own, or one the page needs would be missing)."""
    from sitegen import checker_bundle

    html = MAIN.read_text(encoding="utf-8")
    scripts = set(re.findall(
        r"""<script type="module"[^>]*src="\{\{ 'assets/koordinert/([\w.-]+\.js)' \| url \}\}\"""",
        html))
    assert scripts == {checker_bundle.NAME}
    preloaded = set(re.findall(
        r"""<link rel="modulepreload" href="\{\{ 'assets/koordinert/([\w.-]+\.js)' \| url \}\}\"""",
        html))
    # checker-instant.js: imported at run time from the page's data-k-instant-module.
    assert preloaded == {checker_bundle.NAME, "checker-instant.js"}
    assert checker_bundle.ENTRIES[0] == "checker-page.js"
    seen: set[str] = set()
    todo = list(checker_bundle.ENTRIES)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(imports(name))
    made = checker_bundle.bundle()
    assert set(made.inputs) == seen
    assert "checker-instant.js" not in seen and (ASSETS / "checker-instant.js").is_file()
    # Minified: smaller than its sources.
    assert len(made.code) < sum((ASSETS / n).stat().st_size for n in seen) / 2


def test_the_page_keys_every_outcome_as_the_build_does() -> None:
    """The page finds each outcome's fragment by the key checker-format.js
    computes from the engine's result: the build's key (outcome_key), for every
    result of every path, before and after the day a child's right ends."""
    from checker import flow
    from sitegen.checker_page import outcome_key

    as_of = dt.date(2026, 11, 22)
    cases: list[tuple[dict[str, Any], str, str]] = []
    seen: set[str] = set()
    for state in flow.enumerate_states(as_of, with_results=True):
        for r in state.get("results", {}).values():
            text = json.dumps(r, sort_keys=True)
            if text in seen:
                continue
            seen.add(text)
            if r.get("right_ends"):
                ends = dt.date.fromisoformat(r["right_ends"])
                for day in (ends - dt.timedelta(days=1), ends):
                    cases.append((r, day.isoformat(), outcome_key(r, day >= ends)))
            else:
                cases.append((r, as_of.isoformat(), outcome_key(r, None)))
    assert len(cases) > 20 and any("|turned" in c[2] for c in cases)
    script = ("import { outcomeKey } from " + json.dumps((ASSETS / "checker-format.js").as_uri())
              + ";\nlet s = '';\nprocess.stdin.on('data', (d) => { s += d; });\n"
              "process.stdin.on('end', () => { console.log(JSON.stringify("
              "JSON.parse(s).map(([r, day]) => outcomeKey(r, day)))); });\n")
    proc = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True,
                          text=True, timeout=60, cwd=ROOT,
                          input=json.dumps([[r, day] for r, day, _ in cases], ensure_ascii=False))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout) == [key for _, _, key in cases]


def test_without_esbuild_the_build_says_what_to_install(monkeypatch: Any, tmp_path: Any) -> None:
    import pytest

    from sitegen import checker_bundle
    from sitegen.problems import BuildError

    monkeypatch.setattr(checker_bundle, "NODE_MODULES", tmp_path)
    with pytest.raises(BuildError, match=r"esbuild is not installed.*npm ci --ignore-scripts"):
        checker_bundle.bundle()
