"""docs/add-a-language.md, followed to the letter with a made-up language.

In a copy of the sources (nothing generated), the steps of the guide are done
as a maintainer would: one row added to the table in sitegen/languages.py,
English content copied as the language `xx`, the schema regenerated, then the
site built with `build_site.py` in a fresh process (so every module reads the
edited table, as it would after a real edit).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "add-a-language.md"
ROW = 'Language("xx", "Xx-språk", "en_GB", "en", "en", plain_language=False),'


def _copy_sources(dest: Path) -> None:
    skip = shutil.ignore_patterns("__pycache__", "_rules.json", "*.tmp")
    for folder in ("sitegen", "checker", "theme", "content"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=skip)
    for name in ("build_site.py", "mkdocs.yml", "pyproject.toml"):
        shutil.copy(ROOT / name, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")  # the pinned Pyodide


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SOURCE_DATE_EPOCH")}
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env=env)


def test_the_guide_names_the_table_and_the_steps() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    assert "`TABLE` in `sitegen/languages.py`" in guide
    for step in ("content/services/<page>/<code>.md", "content/ui/<code>/*.yaml",
                 "python -m sitegen.schema", "build_site.py --lang <code>"):
        assert step in guide, step


def test_a_new_language_builds_by_following_the_guide(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _copy_sources(src)

    # 1. One row in the table.
    table = src / "sitegen" / "languages.py"
    text = table.read_text(encoding="utf-8")
    last_row = re.findall(r"^    Language\(.*\),\n", text, re.MULTILINE)[-1]
    table.write_text(text.replace(last_row, last_row + f"    {ROW}\n"), encoding="utf-8")

    # 2. The content: every service page and every interface string.
    for page_dir in sorted(p for p in (src / "content" / "services").iterdir() if p.is_dir()):
        if (page_dir / "en.md").exists():
            shutil.copy(page_dir / "en.md", page_dir / "xx.md")
    shutil.copytree(src / "content" / "ui" / "en", src / "content" / "ui" / "xx")

    # 3. The schema lists the new language for localised fields.
    done = _run(["-m", "sitegen.schema"], src)
    assert done.returncode == 0, done.stderr
    schema = json.loads((src / "content" / "schema" / "municipality.schema.json").read_text())
    assert "xx" in schema["$defs"]["Localised"]["properties"]

    # 4. Build: the national site in nb and the new language.
    out = tmp_path / "site"
    done = _run(["build_site.py", "--lang", "nb", "--lang", "xx", "--out", str(out),
                 "--as-of", "2026-11-22"], src)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "error" not in done.stderr.lower(), done.stderr[-3000:]

    home = (out / "xx" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="xx"' in home  # its own code, though Material has no xx translation
    assert 'hreflang="xx"' in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "xx" / "search" / "search_index.json").exists()
    assert (out / "xx" / "sjekk" / "index.html").exists()
    assert (out / "xx" / "sjekk" / "uten-js" / "index.html").exists()
    # Readability is reported for plain-language pages only (nb here, not xx).
    readability = done.stdout.split("readability", 1)[1]
    assert "/nb " in readability and "/xx" not in readability
