"""The build: validate, render, run mkdocs per language, publish atomically.

Nothing is written to the output folder unless every step succeeded: the site
is built in a temporary sibling folder and swapped into place at the end, so
a failed build leaves the previous site exactly as it was.

Why one mkdocs run per language instead of mkdocs-static-i18n: each language
then gets its own search index and `<html lang>` from plain mkdocs, the runs
go in parallel on two cores, and the language switcher (theme/partials/
alternate.html) links to the same page because every language uses the same
slugs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import logging
import multiprocessing
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from checker.letters import NORWEGIAN
from sitegen import checker_bundle, instant, instant_letters, pyodide_assets
from sitegen.branding import check_logos, logo_file
from sitegen.checker_page import (
    write_checker,
    write_municipality_data,
    write_outcome_fragments,
    write_static_pages,
)
from sitegen.checker_wheel import RuleDataError, compile_rules
from sitegen.content import load_content
from sitegen.deploy import write_deploy
from sitegen.embed import EmbedError, write_embed
from sitegen.headers import SiteHeaders
from sitegen.languages import BY_CODE, DEFAULT_LANGUAGE, LANGUAGES
from sitegen.letter_page import write_letter_pages
from sitegen.offline import write_service_worker
from sitegen.precompress import precompress
from sitegen.problems import BuildError, Problems, Severity
from sitegen.readability import lix
from sitegen.registry import Place, Registry, places, registry_for
from sitegen.render import Renderer, SiteShape, complaint_weeks_by_law, write_language_tree
from sitegen.validate import load_municipalities

ROOT = Path(__file__).resolve().parent.parent
# Written into every built site. The build replaces an existing --out folder
# only if it holds this marker (or is empty), so `--out .` cannot wipe a checkout.
MARKER = ".koordinert-site"


@dataclass
class BuildOptions:
    as_of: dt.date
    out: Path = ROOT / "site"
    municipality: str | None = None
    languages: tuple[str, ...] | None = None
    strict: bool = False
    content_dir: Path = ROOT / "content"
    generated_dir: Path = ROOT / ".generated"
    jobs: int = 2
    with_pyodide: bool = True
    # Issue 18: .br/.gz beside large files, and the deploy configurations
    # written beside the site (None: <out>/../deploy).
    precompress: bool = True
    deploy_dir: Path | None = None
    compress_cache: Path = ROOT / ".generated" / "precompressed"
    # Jinja's compiled templates (Material's and the theme's), kept between the
    # languages and the builds (sitegen/mkdocs_hooks.py on_env); None: none kept.
    template_cache: Path | None = ROOT / ".generated" / "templates"


@dataclass
class BuildResult:
    ok: bool
    problems: Problems
    out: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)
    pages: int = 0
    readability: dict[str, float] = field(default_factory=dict)  # "page/lang" -> LIX


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build(options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    problems = Problems()
    timings: dict[str, float] = {}
    if options.jobs > 1:
        _start_fork_server()

    languages = options.languages or LANGUAGES
    unknown = [x for x in languages if x not in LANGUAGES]
    if unknown:
        problems.add("--lang", 1, 1, "", f"unknown language {', '.join(unknown)}",
                     f"use {', '.join(LANGUAGES)} (sitegen/languages.py)")
        return _finish(problems, options, timings)

    out_problem = _check_out(options.out)
    if out_problem:
        problems.add("--out", 1, 1, "", out_problem,
                     "choose an empty folder or one a previous build wrote")
        return _finish(problems, options, timings)

    try:
        compile_rules()
    except RuleDataError as exc:
        problems.extend(exc.problems)
        return _finish(problems, options, timings)
    content = load_content(options.content_dir, languages, options.as_of, problems, ROOT)
    readability = {f"{page.page_id}/{page.lang}": round(lix(page.body), 1)
                   for page in content.pages.values() if BY_CODE[page.lang].plain_language}
    files = sorted(p for p in (options.content_dir / "municipalities").glob("*.yaml")
                   if not p.name.startswith("_"))
    registry = registry_for(options.content_dir, problems, ROOT)
    loaded = load_municipalities(
        files, problems, as_of=options.as_of, page_ids=content.service_page_ids(),
        complaint_weeks=complaint_weeks_by_law, root=ROOT, registry=registry)
    check_logos(loaded, options.content_dir / "municipalities", problems)
    everyone: tuple[Place, ...] = ()
    chosen: Place | None = None
    if registry is not None:
        everyone = places(registry, (item.municipality for item in loaded))
        if options.municipality is not None:
            chosen = _choose(options.municipality, registry, everyone, files, problems)
    timings["validate_s"] = time.perf_counter() - started
    if options.strict:
        problems.promote_warnings()
    if problems.errors:
        return _finish(problems, options, timings)

    preferred = chosen.written_standard if chosen else DEFAULT_LANGUAGE
    default_lang = preferred if preferred in languages else languages[0]
    ordered = (default_lang, *(x for x in languages if x != default_lang))
    shape = SiteShape(
        languages=ordered, default_lang=default_lang, municipality=chosen,
        municipalities=everyone if chosen is None else (), as_of=options.as_of)

    tmp = options.out.parent / f".{options.out.name}.tmp-{os.getpid()}"
    try:
        with _workers(options.jobs) as pool:
            pages = _render_and_build(options, content, shape, tmp, timings, pool)
            if options.with_pyodide:
                # Last: the service worker's version hashes the files it precaches.
                write_service_worker(tmp)
            publish = chosen.publish if chosen else None
            SiteHeaders(tuple(publish.embed_origins) if publish else (),
                        publish.public_url if publish else None).write(tmp)
            if options.precompress:
                t = time.perf_counter()
                precompress(tmp, options.compress_cache, options.jobs, pool)
                timings["compress_s"] = time.perf_counter() - t
        _publish(tmp, options.out)
        write_deploy(options.out, options.deploy_dir or options.out.parent / "deploy")
    except BrokenProcessPool as exc:
        problems.add("build", 1, 1, "", f"a build worker stopped unexpectedly ({exc}); "
                     "try again with --jobs 1")
        return _finish(problems, options, timings)
    except (BuildError, EmbedError) as exc:
        problems.add("build", 1, 1, "", str(exc))
        return _finish(problems, options, timings)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    timings["total_s"] = time.perf_counter() - started
    result = _finish(problems, options, timings)
    result.pages = pages
    result.readability = dict(sorted(readability.items()))
    return result


def _choose(wanted: str, registry: Registry, everyone: tuple[Place, ...],
            files: list[Path], problems: Problems) -> Place | None:
    """The municipality --municipality names, by id or four-digit number.

    A municipality whose own file has errors is not reported again here: the
    file's problems are the real ones."""
    entry = registry.find(wanted)
    if entry is None:
        import difflib

        ids = [e.id for e in registry.entries]
        close = difflib.get_close_matches(wanted.lower(), ids, n=3, cutoff=0.7)
        also = f"; did you mean {' or '.join(close)}?" if close else ""
        problems.add("--municipality", 1, 1, "", f"no municipality has the id or number "
                     f"'{wanted}'{also}", "give the id or the four-digit kommunenummer of "
                     f"any of the {len(ids)}, like {registry.examples()}")
        return None
    place = next(p for p in everyone if p.entry is entry)
    if place.curated is None and any(f.stem == entry.id for f in files):
        return None  # its file is invalid; its own problems say why
    return place


def _finish(problems: Problems, options: BuildOptions, timings: dict[str, float]) -> BuildResult:
    for problem in problems:
        _log(problem.format())
    ok = not problems.errors
    if not ok:
        _log(f"{len(problems.errors)} error(s), {len(problems.warnings)} warning(s): "
             f"nothing was published; {options.out} is unchanged")
    return BuildResult(ok=ok, problems=problems, out=options.out if ok else None,
                       timings=timings)


@dataclass(frozen=True)
class _LanguageJob:
    """Everything a worker needs for one language's part of the build."""

    renderer: Renderer
    lang: str
    work: Path          # the generated mkdocs tree for this language
    site_dir: Path      # where mkdocs builds this language (moved into place later)
    static_dir: Path    # the checker's files outside mkdocs (moved into <root>/sjekk/)
    base_config: dict[str, Any]
    site_name: str      # already HTML-escaped
    colours_css: str | None
    strict: bool
    logo: tuple[str, bytes] | None = None  # (path in the site, bytes)


def _render_and_build(options: BuildOptions, content: Any, shape: SiteShape, tmp: Path,
                      timings: dict[str, float], pool: Executor | None) -> int:
    """Build every language in its own folder, in parallel, then assemble the site.

    Two kinds of task per language, all independent so two cores stay busy:
    render the mkdocs tree and run mkdocs; and write the checker's pages without
    JavaScript (plain HTML, not through mkdocs) and, on the national site, the
    municipality details the checker page fetches. Each writes to its own folder
    (mkdocs empties its site_dir); at the end the default language becomes the
    root, the others its sub-folders, and the static pages go in beside them.
    """
    t = time.perf_counter()
    name = shape.municipality.id if shape.municipality else "national"
    work = options.generated_dir / name
    shutil.rmtree(work, ignore_errors=True)
    base_config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    if options.template_cache is not None:
        base_config.setdefault("extra", {})["template_cache"] = str(options.template_cache)
    renderer = Renderer(content, shape)
    m = shape.municipality
    site_name = html.escape(f"Koordinert – {m.display_name(shape.default_lang)}"
                            if m else "Koordinert")
    colours_css = None
    if m and m.colours:
        colours_css = (":root,[data-md-color-scheme=default]{"
                       f"--md-primary-fg-color:{m.colours.primary};"
                       f"--md-primary-fg-color--dark:{m.colours.primary};"
                       f"--md-primary-bg-color:{m.colours.on_primary};"
                       f"--md-accent-fg-color:{m.colours.primary}}}\n")
    jobs = [_LanguageJob(renderer, lang, work / lang, tmp / f".lang-{lang}",
                         tmp / f".static-{lang}", base_config, site_name, colours_css,
                         options.strict,
                         logo_file(options.content_dir / "municipalities",
                                   m.publish.logo if m else None))
            for lang in shape.languages]
    with_static = "sjekk" in content.page_order
    # Longest first, so that the two workers finish together: the mkdocs runs
    # (about 2.2 s each for the national site), the prepared letters of every
    # language (1.25 s), the checker's static files per language (about
    # 0.5 s), the engine's prepared answers (the same file for every language,
    # made once: 0.45 s) and the runtime (0.35 s).
    # A language whose letters are also prepared in Norwegian (en) has the
    # largest tasks of their kind.
    largest = sorted(jobs, key=lambda job: job.lang in NORWEGIAN)
    tasks: list[tuple[str, Callable[..., Any], tuple[Any, ...]]] = [
        (f"mkdocs_{job.lang}_s", _build_language, (job,)) for job in largest]
    if with_static:
        # The prepared letters of every language in one task: their data is
        # the same in each (sitegen/instant_letters.py write_all).
        tasks.append(("letters_s", instant_letters.write_all,
                      (tuple((job.lang, job.static_dir) for job in largest), shape.as_of)))
        tasks += [(f"static_{job.lang}_s", _write_static, (job,)) for job in largest]
        tasks.append(("instant_s", _write_instant,
                      (tuple(job.static_dir for job in jobs), shape.as_of)))
        tasks.append(("bundle_s", checker_bundle.write, (tmp / ".bundle",)))
    if options.with_pyodide:
        tasks.append(("pyodide_s", pyodide_assets.install, (tmp / "pyodide",)))
    tmp.mkdir(parents=True)
    if pool is None:
        spans = [_timed(task, *args) for _, task, args in tasks]
    else:
        spans = [f.result() for f in [pool.submit(_timed, task, *args) for _, task, args in tasks]]
    for (name, _, _), (begin, end) in zip(tasks, spans, strict=True):
        timings[name] = end - begin
    # When the last task ended, from the start (perf_counter is the system's
    # monotonic clock on Linux: the same in every process).
    timings["tasks_wall_s"] = max(end for _, end in spans) - t
    if with_static:
        _place_bundle(tmp / ".bundle", [job.site_dir for job in jobs])
    default = jobs[0]
    for entry in default.site_dir.iterdir():
        entry.rename(tmp / entry.name)
    default.site_dir.rmdir()
    for job in jobs:
        root = tmp / shape.prefix(job.lang)
        if job is not default:
            job.site_dir.rename(root)
        if with_static:
            for entry in job.static_dir.iterdir():
                entry.rename(root / "sjekk" / entry.name)
            job.static_dir.rmdir()
    timings["languages_s"] = time.perf_counter() - t
    return sum(1 for _ in tmp.rglob("index.html"))


def _write_checker_pages(renderer: Renderer, lang: str, docs: Path, up: str) -> None:
    """The checker page, and on a municipality's own site its embeddable twin."""
    write_checker(renderer, lang, docs, up)
    write_embed(renderer, lang, docs, up)


def _build_language(job: _LanguageJob) -> None:
    """Render one language's mkdocs tree and build it with mkdocs."""
    extra_css = ["assets/koordinert/municipality.css"] if job.colours_css else []
    config = write_language_tree(job.renderer, job.lang, job.work, job.base_config,
                                 job.site_dir, ROOT / "theme", job.site_name, extra_css,
                                 {"sjekk": _write_checker_pages})
    if job.colours_css:
        css_path = job.work / "docs" / "assets" / "koordinert" / "municipality.css"
        css_path.parent.mkdir(parents=True, exist_ok=True)
        css_path.write_text(job.colours_css, encoding="utf-8")
    if job.logo:
        logo_path = job.work / "docs" / job.logo[0]
        logo_path.parent.mkdir(parents=True, exist_ok=True)
        logo_path.write_bytes(job.logo[1])
    _mkdocs_one(config, job.strict)


def _write_static(job: _LanguageJob) -> None:
    """The checker's files written outside mkdocs for one language, into
    <language root>/sjekk/: the pages without JavaScript (uten-js/) and, on
    the national site, the municipality details the checker page fetches;
    the engine's answers prepared for the page (sitegen/instant.py), the
    outcome fragments and the letter templates."""
    write_static_pages(job.renderer, job.lang, job.static_dir, job.site_name)
    write_municipality_data(job.renderer, job.lang, job.static_dir)
    write_outcome_fragments(job.renderer, job.lang, job.static_dir)
    write_letter_pages(job.renderer, job.lang, job.static_dir, job.site_name)


def _place_bundle(made: Path, sites: list[Path]) -> None:
    """The checker page's bundled JavaScript (sitegen/checker_bundle.py) into
    each language's assets, in place of the modules it holds."""
    code = made / checker_bundle.NAME
    folder = PurePosixPath(checker_bundle.SITE_PATH).parent
    held = json.loads((made / "inputs.json").read_text(encoding="utf-8"))
    for site in sites:
        shutil.copyfile(code, site / checker_bundle.SITE_PATH)
        for name in held:
            (site / folder / name).unlink(missing_ok=True)
    shutil.rmtree(made)


def _write_instant(static_dirs: tuple[Path, ...], as_of: dt.date) -> None:
    """The engine's answers the page shows before Python is ready
    (sitegen/instant.py): the same for every language, so made once and
    written into each language's checker folder."""
    first, *others = static_dirs
    instant.write(first, as_of)
    for dest in others:
        dest.mkdir(parents=True, exist_ok=True)
        for name in (instant.FLOW_FILE, instant.DATES_FILE):
            shutil.copyfile(first / name, dest / name)


def _timed(task: Callable[..., Any], *args: Any) -> tuple[float, float]:
    """Run one task of the build; when it began and ended (perf_counter)."""
    begin = time.perf_counter()
    task(*args)
    return begin, time.perf_counter()


# Imported once by the fork server, while the parent validates, so that each
# build worker starts with them: about 0.33 s less per worker (mkdocs,
# Material, Markdown come with sitegen.build). A name that fails to import is
# skipped by multiprocessing, and the worker imports what it needs itself.
WORKER_MODULES = ["sitegen.build", "sitegen.precompress", "mkdocs.commands.build",
                  "mkdocs.config.defaults", "material.plugins.search.plugin"]


def _start_fork_server() -> None:
    """Start the fork server the build's workers come from (once per process)."""
    import multiprocessing.forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(WORKER_MODULES)
    multiprocessing.forkserver.ensure_running()


@contextlib.contextmanager
def _workers(jobs: int) -> Iterator[Executor | None]:
    """The build's worker processes, shared by every step that runs in parallel
    (the languages, the checker's files, the runtime, compression); None with
    one job."""
    if jobs <= 1:
        yield None
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield pool


def _mkdocs_one(config_path: Path, strict: bool) -> None:
    """Build one language with mkdocs' own API; its warnings are shown to the user."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(f"mkdocs ({config_path.parent.name}): "
                                           "%(levelname)s %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            config = load_config(str(config_path), strict=strict)
            mkdocs_build(config)
    except MkDocsException as exc:
        raise BuildError(f"mkdocs could not build {config_path.parent.name}: {exc}") from None
    except SystemExit as exc:  # mkdocs aborts like this under --strict
        raise BuildError(f"mkdocs stopped building {config_path.parent.name} (strict mode: "
                         "see its warnings above)") from exc
    finally:
        logger.removeHandler(handler)


def _check_out(out: Path) -> str | None:
    if not out.exists():
        return None
    if not out.is_dir():
        return f"{out} exists and is not a folder"
    if (out / MARKER).is_file() or not any(out.iterdir()):
        return None
    return f"{out} is not empty and was not written by this build; it will not be replaced"


def _publish(tmp: Path, out: Path) -> None:
    """Swap the new site into place; the old one is removed only after the swap."""
    (tmp / MARKER).write_text("A site built by Koordinert's build_site.py.\n", encoding="utf-8")
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists():
            out.rename(old)
        tmp.rename(out)
    except OSError as exc:
        if old.exists() and not out.exists():
            old.rename(out)
        raise BuildError(f"could not publish into {out}: {exc.strerror}") from None
    shutil.rmtree(old, ignore_errors=True)


# The steps a summary names; the build's timings also hold each parallel task's.
SUMMARY_TIMINGS = ("validate_s", "languages_s", "pyodide_s", "compress_s", "total_s")


def summarise(result: BuildResult) -> str:
    """One line on what was built, and the readability (LIX) of every plain-language page."""
    lix_line = ", ".join(f"{k} {v}" for k, v in result.readability.items())
    timing = ", ".join(f"{k} {v:.1f}" for k, v in result.timings.items() if k in SUMMARY_TIMINGS)
    warnings = len([p for p in result.problems if p.severity is Severity.WARNING])
    return (f"built {result.pages} pages into {result.out} ({timing}); {warnings} warning(s)\n"
            f"readability (LIX, 40 or less is plain): {lix_line}")
