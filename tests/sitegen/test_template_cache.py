"""Jinja's compiled templates kept between mkdocs runs (sitegen/mkdocs_hooks.py
on_env, build option template_cache): used when the source is the same,
compiled again when it changed, and nothing kept when the option is off."""

from __future__ import annotations

from pathlib import Path

from jinja2 import DictLoader, Environment

from sitegen.mkdocs_hooks import on_env


def _env(source: str) -> Environment:
    return Environment(loader=DictLoader({"page.html": source}), autoescape=True)


def test_compiled_templates_are_kept_and_checked_against_their_source(tmp_path: Path) -> None:
    cache = tmp_path / "templates"
    config = {"extra": {"template_cache": str(cache)}}
    first = on_env(_env("<p>{{ x }}</p>"), config, None)
    assert first.get_template("page.html").render(x="<b>") == "<p>&lt;b&gt;</p>"
    kept = list(cache.iterdir())
    assert len(kept) == 1 and kept[0].stat().st_size > 0
    # The same source: loaded from the cache (the entry is not written again).
    written = kept[0].stat().st_mtime_ns
    again = on_env(_env("<p>{{ x }}</p>"), config, None)
    assert again.get_template("page.html").render(x=1) == "<p>1</p>"
    assert kept[0].stat().st_mtime_ns == written
    # A changed template is compiled again, never served from the old entry.
    changed = on_env(_env("<p>{{ x }}!</p>"), config, None)
    assert changed.get_template("page.html").render(x=1) == "<p>1!</p>"


def test_no_cache_without_the_option() -> None:
    env = on_env(_env("x"), {"extra": {}}, None)
    assert env.bytecode_cache is None
