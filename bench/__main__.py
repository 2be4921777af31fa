"""`python -m bench`: every benchmark in one run; a table, and bench/results.json.

Builds run in fresh processes (ours and plain mkdocs alike), alternating, so
that both pay for interpreter start and imports and share the same noise.
Browser figures are medians over RUNS page loads in one Chromium, our
checker page and the bare Pyodide page alternating. See bench/README.md.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
AS_OF = dt.date(2026, 11, 22)
SIZES = (20, 100, 357)           # municipalities
NATIONAL = 357
# Ours and plain, alternating. Five at 357: on the shared 2-core machine one
# build of the same site took 5.5-8.3 s from run to run (plain 5.1-7.4 s).
BUILD_REPEATS = {20: 1, 100: 1, 357: 5}
VARIANT_REPEATS = 3
RUNS = 7                          # browser page loads per figure (medians)
ANSWER_REPEATS = 3                # answer-to-result samples per page load
CONTENT_PAGE = "/individuell-plan/"
CHECKER_PAGE = "/sjekk/"
TIMEOUT_MS = 120_000

OUR_BUILD = """
import datetime as dt, json, sys, time
from pathlib import Path
from sitegen.build import BuildOptions, build
a = json.loads(sys.argv[1])
t = time.perf_counter()
r = build(BuildOptions(as_of=dt.date.fromisoformat(a["as_of"]), out=Path(a["out"]),
          content_dir=Path(a["content"]), generated_dir=Path(a["gen"]),
          municipality=a["municipality"], jobs=2))
print(json.dumps({"ok": r.ok, "inner_s": time.perf_counter() - t, "pages": r.pages,
                  "timings": r.timings}))
"""

BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare loadPyodide()</title>
<script type="module" src="bench-bare.js"></script></head>
<body><p>bare loadPyodide()</p></body></html>
"""
BARE_JS = """import { loadPyodide } from "./pyodide.mjs";
const pyodide = await loadPyodide({ indexURL: new URL("./", import.meta.url).href,
  stdLibURL: new URL("./bench-bare.zip", import.meta.url).href });
window.__k_bare = { ready: performance.now(), two: pyodide.runPython("1 + 1") };
"""

# Runs in every page before its own scripts: records, on the page's clock
# (milliseconds since navigation start), the first frame showing a usable
# first question and the moment the checker says it is ready.
TIMING_SCRIPT = """
window.__k_t = {};
(function () {
  function usable() {
    var box = document.querySelector("[data-k-checker]");
    if (!box) return false;
    var field = box.querySelector("form[data-k-question] fieldset") ||
      box.querySelector("fieldset");
    return !!(field && field.checkVisibility() && field.querySelector("input:not([disabled])"));
  }
  function frame() {
    if (usable()) { window.__k_t.first_question = performance.now(); return; }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
  new MutationObserver(function () {
    var box = document.querySelector("[data-k-checker]");
    if (box && box.getAttribute("data-k-state") === "ready" && !window.__k_t.ready) {
      window.__k_t.ready = performance.now();
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-k-state"] });
})();
"""

# From the summary (every answer given): back to the last question, answer it
# (each repeat with the next of its options, so that every result is a new
# one: nothing the page or the worker remembers from the repeat before can
# stand in for the work), submit it, and as soon as the summary is back, show
# the result; the time runs from the submit to the first frame after the
# result is in the page. The last question of walk_to_summary's path ends the
# path whatever the answer.
ANSWER_TO_RESULT = """async (repeats) => {
  const box = document.querySelector("[data-k-checker]");
  const summary = box.querySelector("[data-k-summary]");
  const result = box.querySelector("[data-k-result]");
  const back = box.querySelector("[data-k-back]");
  const shown = (el) => el && !el.hidden && el.checkVisibility();
  const when = (test) => new Promise((resolve, reject) => {
    if (test()) { resolve(); return; }
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error("timeout")); }, 20000);
    const observer = new MutationObserver(() => {
      if (test()) { clearTimeout(timer); observer.disconnect(); resolve(); }
    });
    observer.observe(box, { attributes: true, childList: true, subtree: true });
  });
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const samples = [];
  for (let i = 0; i < repeats; i++) {
    if (shown(result)) { back.click(); await when(() => shown(summary)); }
    back.click();
    await when(() => !shown(summary));
    const last = [...box.querySelectorAll("form[data-k-question]")].find(shown);
    const radios = last.querySelectorAll("input[type=radio]");
    if (radios.length) radios[i % radios.length].checked = true;
    await frame();
    const t0 = performance.now();
    last.requestSubmit();
    await when(() => shown(summary));
    box.querySelector("[data-k-show-result]").click();
    await when(() => shown(result) && result.querySelector("[data-k-outcome]"));
    await frame();
    samples.push(performance.now() - t0);
  }
  return samples;
}"""

PREFERRED_TOKENS = ("child", "2_or_more", "yes")
ELIGIBILITY = {"command": "eligibility", "as_of": AS_OF.isoformat(), "answers": {
    "for_whom": "child", "child_birth_date": "2015-05-05", "services_needed": 3,
    "long_term": True, "complex": True, "serious_condition": True,
    "other_welfare_services": True, "wants_plan": True, "wants_coordinator": True}}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median(values: list[float]) -> float:
    return float(statistics.median(values))


# --- builds ---------------------------------------------------------------

def our_build(content: Path, out: Path, gen: Path,
              municipality: str | None = None) -> dict[str, Any]:
    """Our build in a fresh process; wall time from outside."""
    args = {"as_of": AS_OF.isoformat(), "out": str(out), "content": str(content),
            "gen": str(gen), "municipality": municipality}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", OUR_BUILD, json.dumps(args)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"our build failed:\n{proc.stderr[-3000:]}")
    info: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    if not info["ok"]:
        raise RuntimeError(f"our build reported errors:\n{proc.stderr[-3000:]}")
    info["wall_s"] = wall
    return info


def plain_configs(gen: Path, dest: Path, ours_site: Path) -> list[Path]:
    """mkdocs configs for plain mkdocs-material over our generated Markdown, per language.

    Same docs (the ready Markdown pages, plus our checker pages without
    JavaScript as ready-made static files for mkdocs to copy: our build writes
    them itself, so plain gets the same page count),
    same navigation (municipality pages out of it), same Markdown extensions,
    same search languages, Material with its defaults: no custom_dir, no extra
    templates, CSS or scripts of ours.
    """
    configs = []
    for lang_dir in sorted((gen / "national").iterdir()):
        ours = json.loads((lang_dir / "mkdocs.yml").read_text(encoding="utf-8"))
        prefix = "" if (ours_site / "nn").is_dir() and lang_dir.name == "nb" else lang_dir.name
        static = ours_site / prefix / "sjekk" / "uten-js"
        if static.is_dir():
            shutil.copytree(static, Path(ours["docs_dir"]) / "sjekk" / "uten-js",
                            dirs_exist_ok=True)
        theme = {k: v for k, v in ours["theme"].items()
                 if k not in ("custom_dir", "favicon", "logo")}
        config = {
            "site_name": "Plain", "use_directory_urls": True,
            "docs_dir": ours["docs_dir"], "site_dir": str(dest / lang_dir.name),
            "theme": theme, "nav": ours["nav"],
            "markdown_extensions": ours["markdown_extensions"], "plugins": ours["plugins"],
        }
        path = dest.parent / f"plain-{lang_dir.name}.yml"
        path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
        configs.append(path)
    return configs


def plain_build(configs: list[Path]) -> float:
    """`mkdocs build` once per language, one after the other, as a plain user would."""
    start = time.perf_counter()
    for config in configs:
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                              cwd=ROOT, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"plain mkdocs failed for {config.name}:\n{proc.stderr[-3000:]}")
    return time.perf_counter() - start


def tree_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def count_pages(path: Path) -> int:
    return sum(1 for _ in path.rglob("*.html"))


def compile_ours() -> None:
    """Our packages as bytecode before any build is timed, as plain's are (pip
    compiles what it installs): where PYTHONDONTWRITEBYTECODE is set (it is on
    this machine) every build process would otherwise compile sitegen and
    checker from source, about 0.2 s each time."""
    import compileall

    for package in ("sitegen", "checker"):
        if not compileall.compile_dir(ROOT / package, quiet=1):
            raise RuntimeError(f"{package} does not compile")


def bench_builds(work: Path, results: dict[str, Any], notes: list[str]) -> Path:
    from bench.synthetic import make_content

    compile_ours()

    national_site = work / f"site-{NATIONAL}"
    for n in SIZES:
        content = make_content(work / f"content-{n}", n, AS_OF)
        out, gen, plain_out = work / f"site-{n}", work / f"gen-{n}", work / f"plain-{n}" / "site"
        plain_out.parent.mkdir(parents=True, exist_ok=True)
        ours_s: list[float] = []
        plain_s: list[float] = []
        info: dict[str, Any] = {}
        for i in range(BUILD_REPEATS[n]):
            log(f"N={n}: our build ({i + 1}/{BUILD_REPEATS[n]})")
            # Both builds start without an output folder (plain's is removed
            # below, outside its timing): ours would otherwise also time
            # removing the site of the build before.
            shutil.rmtree(out, ignore_errors=True)
            info = our_build(content, out, gen)
            ours_s.append(info["wall_s"])
            log(f"N={n}: ours {info['wall_s']:.2f} s (" + ", ".join(
                f"{k} {v:.2f}" for k, v in info["timings"].items()) + ")")
            configs = plain_configs(gen, plain_out, out)
            # mkdocs empties its site folder first: removed here, outside the
            # timing, as ours is above.
            shutil.rmtree(plain_out, ignore_errors=True)
            log(f"N={n}: plain mkdocs-material ({i + 1}/{BUILD_REPEATS[n]})")
            plain_s.append(plain_build(configs))
            log(f"N={n}: plain {plain_s[-1]:.2f} s")
        ours, plain = median(ours_s), median(plain_s)
        results[f"national_build_s_{n}"] = round(ours, 2)
        results[f"plain_mkdocs_s_{n}"] = round(plain, 2)
        results[f"build_ratio_{n}"] = round(ours / plain, 3)
        results[f"site_mb_{n}"] = round(tree_bytes(out) / 1e6, 1)
        results[f"pages_{n}"] = count_pages(out)
        results[f"plain_pages_{n}"] = count_pages(plain_out)
        results[f"languages_s_{n}"] = round(info["timings"].get("languages_s", 0.0), 2)
        for lang, prefix in (("nb", ""), ("nn", "nn/"), ("en", "en/")):
            index = out / prefix / "search" / "search_index.json"
            if index.is_file():
                results[f"search_index_kb_{lang}_{n}"] = round(index.stat().st_size / 1024, 1)
        if BUILD_REPEATS[n] > 1:
            notes.append(f"N={n}: builds are medians of {BUILD_REPEATS[n]} "
                         "(ours and plain alternating)")
        else:
            notes.append(f"N={n}: one build each (ours, then plain)")
        if n != NATIONAL:
            shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(plain_out.parent, ignore_errors=True)
    results["national_build_s"] = results[f"national_build_s_{NATIONAL}"]
    results["plain_mkdocs_s"] = results[f"plain_mkdocs_s_{NATIONAL}"]
    results["build_ratio"] = results[f"build_ratio_{NATIONAL}"]
    results["site_mb"] = results[f"site_mb_{NATIONAL}"]

    variant_s = []
    for i in range(VARIANT_REPEATS):
        log(f"variant askoy in the {NATIONAL}-municipality content ({i + 1}/{VARIANT_REPEATS})")
        info = our_build(work / f"content-{NATIONAL}", work / "variant", work / "gen-variant",
                         municipality="askoy")
        variant_s.append(info["wall_s"])
    results["variant_build_s"] = round(median(variant_s), 2)
    results["variant_site_mb"] = round(tree_bytes(work / "variant") / 1e6, 1)
    shutil.rmtree(work / "variant", ignore_errors=True)

    ensure_service_worker(national_site, notes)
    # The builds' files written out and the removed sites' blocks released
    # before the browser figures are taken.
    os.sync()
    return national_site


def ensure_service_worker(site: Path, notes: list[str]) -> None:
    from sitegen.offline import write_service_worker

    if not (site / "sw.js").is_file():
        write_service_worker(site)
        notes.append("sw.js was written by the bench (sitegen/build.py does not call "
                     "sitegen.offline.write_service_worker yet)")


# --- browser ----------------------------------------------------------------

def counting_server(site: Path) -> tuple[Any, str, list[tuple[str, int, bytes]]]:
    """Our dev server, counting the body bytes of every response.

    The bodies are kept (for their gzip size, computed once the page is done)
    only while ``server.keep_bodies`` is true. Nothing is compressed while a
    page loads: compressing Pyodide's 12 MB as it was served took the CPU that
    the page being timed needed (first question 1,202 ms in one run, against
    725-750 ms with a plain server, both cores busy).
    """
    import threading

    from bench import bare
    from sitegen import serve

    served: list[tuple[str, int, bytes]] = []

    class Counting(bare.Handler):
        def copyfile(self, source: Any, outputfile: Any) -> None:
            data = source.read()
            outputfile.write(data)
            keep = getattr(self.server, "keep_bodies", False)
            served.append((self.path, len(data), data if keep else b""))

    server = serve.SiteServer(("127.0.0.1", 0), functools.partial(Counting, directory=str(site)))
    server.verbose = False
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}", served


def answer_shown_question(box: Any) -> Any:
    """Fill in the question on screen (a child born 3 March 2016, or the
    preferred choice); returns its form, not yet submitted."""
    form = box.locator("form[data-k-question]:visible").first
    if form.locator("[data-k-date]").count():
        form.locator("[data-k-part=day]").fill("3")
        form.locator("[data-k-part=month]").fill("3")
        form.locator("[data-k-part=year]").fill("2016")
    else:
        radios = form.locator("input[type=radio]").all()
        tokens = [r.get_attribute("data-k-token") for r in radios]
        choice = next((t for t in PREFERRED_TOKENS if t in tokens), tokens[0])
        form.locator(f"input[data-k-token='{choice}']").check()
    return form


def walk_to_summary(page: Any) -> None:
    """Answer every question (preferring child / 2 or more / yes) until the summary shows."""
    box = page.locator("[data-k-checker]")
    for _ in range(30):
        if box.locator("[data-k-summary]").is_visible():
            return
        form = answer_shown_question(box)
        qid = form.get_attribute("data-k-question")
        form.locator("button[type=submit]").click()
        page.wait_for_function(
            """(qid) => { const box = document.querySelector("[data-k-checker]");
              const s = box.querySelector("[data-k-summary]");
              const f = box.querySelector(`form[data-k-question='${qid}']`);
              return (s && !s.hidden) || (f && f.hidden); }""", arg=qid, timeout=TIMEOUT_MS)
    raise RuntimeError("the question flow did not reach the summary in 30 answers")


PARTS = ("content", "checker", "offline", "phone", "engine")


def bench_browser(site: Path, results: dict[str, Any], notes: list[str],
                  parts: tuple[str, ...] = PARTS) -> None:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from bench import bare as bare_page
    from tests.browser.support import CHROMIUM, CHROMIUM_ARGS

    bare_page.write_bare_page(site, BARE_HTML, BARE_JS)
    server, base, served = counting_server(site)
    server.keep_bodies = True
    foreign: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

            def context() -> Any:
                ctx = browser.new_context(service_workers="block")
                ctx.on("request", lambda r: foreign.append(r.url)
                       if not r.url.startswith((base, "data:", "blob:")) else None)
                return ctx

            # A typical service page: every byte the browser fetches, fresh cache.
            totals, gz, pyodide_bytes = [], [], []
            for i in range(5 if "content" in parts else 0):
                log(f"content page {CONTENT_PAGE} ({i + 1}/5)")
                ctx = context()
                served.clear()
                page = ctx.new_page()
                page.goto(base + CONTENT_PAGE, wait_until="networkidle")
                page.wait_for_timeout(500)
                totals.append(sum(b for _, b, _ in served))
                gz.append(sum(len(gzip.compress(body, 6)) for _, _, body in served))
                pyodide_bytes.append(sum(b for path, b, _ in served if "/pyodide/" in path))
                breakdown = sorted(served, key=lambda x: -x[1])
                ctx.close()
            if totals:
                results["content_page_kb"] = round(median(totals) / 1024, 1)
                results["content_page_kb_gzip"] = round(median(gz) / 1024, 1)
                results["content_page_pyodide_bytes"] = int(max(pyodide_bytes))
                results["content_page_requests"] = len(breakdown)
                search = [b for path, b, _ in breakdown if "search_index" in path]
                results["content_page_search_index_kb"] = round(sum(search) / 1024, 1)
                notes.append("content page: " + ", ".join(
                    f"{path} {b / 1024:.0f} KB" for path, b, _ in breakdown[:4]))

            # The checker against a bare loadPyodide() page, alternating.
            server.keep_bodies = False
            served.clear()
            bare, ready, first, answer = [], [], [], []
            for i in range(RUNS if "checker" in parts else 0):
                log(f"bare loadPyodide() and checker page ({i + 1}/{RUNS})")
                ctx = context()
                page = ctx.new_page()
                page.goto(base + "/pyodide/bench-bare.html")
                page.wait_for_function("() => window.__k_bare && window.__k_bare.two === 2",
                                       timeout=TIMEOUT_MS)
                bare.append(page.evaluate("window.__k_bare.ready"))
                ctx.close()

                ctx = context()
                ctx.add_init_script(TIMING_SCRIPT)
                page = ctx.new_page()
                page.goto(base + CHECKER_PAGE)
                page.wait_for_function("() => window.__k_t.ready && window.__k_t.first_question",
                                       timeout=TIMEOUT_MS)
                t = page.evaluate("window.__k_t")
                ready.append(t["ready"])
                first.append(t["first_question"])
                walk_to_summary(page)
                answer.extend(page.evaluate(ANSWER_TO_RESULT, ANSWER_REPEATS))
                ctx.close()
            if first:
                results["first_question_ms"] = round(median(first), 1)
                results["bare_pyodide_ready_ms"] = round(median(bare), 1)
                results["pyodide_ready_ms"] = round(median(ready), 1)
                results["pyodide_ready_ratio"] = round(median(ready) / median(bare), 3)
                pairs = [r / b for r, b in zip(ready, bare, strict=True)]
                results["pyodide_ready_ratio_paired"] = round(median(pairs), 3)
                results["answer_to_result_ms"] = round(median(answer), 1)
                results["answer_to_result_ms_max"] = round(max(answer), 1)
                notes.append(f"browser: {RUNS} page loads each (bare and checker alternating), "
                             f"{len(answer)} answer-to-result samples")

            if "offline" in parts:
                results["offline_checker_works"] = offline_works(browser, base, notes)
            browser.close()
    finally:
        server.shutdown()
        bare_page.remove_bare_page(site)
    if foreign:
        notes.append(f"WARNING: requests to other hosts: {sorted(set(foreign))[:5]}")
    results["foreign_requests"] = len(foreign)


def offline_works(browser: Any, base: str, notes: list[str]) -> bool:
    """One visit with the service worker, then the network cut: does the checker answer?"""
    log("offline: one visit, then the checker with the network cut")
    ctx = browser.new_context(service_workers="allow")
    try:
        page = ctx.new_page()
        page.goto(base + CHECKER_PAGE)
        page.wait_for_selector("[data-k-checker][data-k-state=ready]", timeout=TIMEOUT_MS)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null",
                               timeout=TIMEOUT_MS)
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        has_cache = "caches.keys().then(k => k.some(n => n.startsWith('koordinert-checker-')))"
        while not page.evaluate(has_cache):
            if time.monotonic() > deadline:
                raise RuntimeError("no checker cache")
            page.wait_for_timeout(200)
        page.close()
        ctx.set_offline(True)
        page = ctx.new_page()
        response = page.goto(base + CHECKER_PAGE)
        page.wait_for_selector("[data-k-checker][data-k-state=ready]", timeout=TIMEOUT_MS)
        answer = page.evaluate("r => window.koordinertChecker.ask(r)", ELIGIBILITY)
        ok = bool(response and response.from_service_worker
                  and answer["results"]["barnekoordinator"]["outcome"] == "eligible")
        return ok
    except Exception as exc:  # a figure, not a crash: say why
        notes.append(f"offline check failed: {exc}")
        return False
    finally:
        ctx.close()


# --- the checker engine's own figures ------------------------------------------

def bench_checker(results: dict[str, Any], notes: list[str]) -> None:
    try:
        from bench import bench_checker as module
    except ImportError:
        notes.append("bench/bench_checker.py is missing: checker figures skipped")
        return
    log("checker engine (bench/bench_checker.py)")
    figures = module.run()
    results.update({k: v for k, v in figures.items() if k not in results})


# --- output -------------------------------------------------------------------

TARGETS: dict[str, tuple[str, float | bool]] = {
    "national_build_s": ("<=", 60), "build_ratio": ("<=", 1.3), "site_mb": ("<=", 150),
    "variant_build_s": ("<=", 10), "content_page_kb": ("<=", 400),
    "content_page_pyodide_bytes": ("==", 0), "first_question_ms": ("<=", 1000),
    "pyodide_ready_ratio": ("<=", 1.15), "answer_to_result_ms": ("<=", 20),
    "offline_checker_works": ("==", True),
    "phone_first_question_ms": ("<=", 2000), "phone_longest_click_wait_ms": ("<=", 200),
    "phone_result_wait_ms": ("<=", 200), "phone_bytes_before_first_question_kb": ("<=", 150),
    "phone_pyodide_ready_ratio_first": ("<=", 1.0), "phone_pyodide_ready_ratio_repeat": ("<=", 1.0),
}


def verdict(key: str, value: Any) -> str:
    if key not in TARGETS:
        return ""
    op, target = TARGETS[key]
    ok = value <= target if op == "<=" else value == target
    return f"{'ok  ' if ok else 'MISS'} ({op} {target})"


def table(results: dict[str, Any]) -> str:
    width = max(len(k) for k in results)
    lines = [f"{'figure':<{width}}  {'value':>12}  target"]
    for key, value in results.items():
        shown = f"{value:.3f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        lines.append(f"{key:<{width}}  {shown:>12}  {verdict(key, value)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--site", type=Path, help="skip the builds and measure the browser "
                        "figures on this built national site (for working on the bench)")
    parser.add_argument("--only", action="append", choices=PARTS, metavar="PART",
                        help=f"measure only this part ({', '.join(PARTS)}); repeatable. "
                        "With --site, nothing is built; results.json is left alone")
    parser.add_argument("--runs", type=int, default=7,
                        help="page loads per unthrottled checker figure (default 7)")
    args = parser.parse_args(argv)
    parts: tuple[str, ...] = tuple(args.only) if args.only else PARTS
    global RUNS
    RUNS = args.runs
    os.chdir(ROOT)
    started = time.perf_counter()
    results: dict[str, Any] = {}
    notes: list[str] = []
    failed: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="koordinert-bench-"))
    try:
        steps: list[tuple[str, Callable[[], Any]]] = [
            ("builds", lambda: bench_builds(work, results, notes)),
        ]
        site: Path | None = None
        if args.site:
            steps = []
            site = work / "site"
            shutil.copytree(args.site, site)
            ensure_service_worker(site, notes)
            notes.append(f"builds skipped (--site): browser figures on a copy of {args.site}")
        for name, step in steps:
            try:
                site = step()
            except Exception:
                failed.append(name)
                log(f"{name} failed:\n{traceback.format_exc()}")
        if site is not None:
            try:
                if {"content", "checker", "offline"} & set(parts):
                    bench_browser(site, results, notes, parts)
            except Exception:
                failed.append("browser")
                log(f"browser failed:\n{traceback.format_exc()}")
        if site is not None and "phone" in parts:
            try:
                from bench.phone import bench_phone
                from tests.browser.support import CHROMIUM, CHROMIUM_ARGS

                bench_phone(site, results, notes, CHROMIUM, CHROMIUM_ARGS, AS_OF.isoformat())
            except Exception:
                failed.append("phone")
                log(f"phone run failed:\n{traceback.format_exc()}")
        try:
            if "engine" in parts:
                bench_checker(results, notes)
        except Exception:
            failed.append("checker")
            log(f"checker engine bench failed:\n{traceback.format_exc()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["bench_total_s"] = round(time.perf_counter() - started, 1)
    if not args.only:
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    for note in notes:
        print(f"note: {note}")
    if failed:
        print(f"FAILED parts: {', '.join(failed)} (their figures are missing)")
    if not args.only:
        print(f"written: {RESULTS.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
