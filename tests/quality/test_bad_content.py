"""Bad content: every malformed municipality file fails the build and changes nothing.

Each file in bad_municipalities/ is put, alone, next to the real municipality
files of a scratch copy of the project, and `build_site.py` runs as a
subprocess with `--out` pointing at a site that copy built before. The build
must exit 1, name the file, the line and the field (expected.yaml records
them), print no traceback, and leave every byte of the previous site as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import AS_OF, ROOT, Builder
from tests.quality.stats import STATS

CORPUS = Path(__file__).resolve().parent / "bad_municipalities"
EXPECTED: dict[str, dict[str, object]] = yaml.safe_load(
    (CORPUS / "expected.yaml").read_text(encoding="utf-8"))
BAD_FILES = sorted(p.name for p in CORPUS.glob("*.yaml") if p.name != "expected.yaml")


def tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# Causes found while writing these tests, in code this suite does not own.
KNOWN_CAUSES: dict[str, str] = {
    # Filled in when a file fails for a cause in code this suite does not own.
}


def dir_stamp(path: Path) -> tuple[int, int, int]:
    """Cheap check after every run: publishing renames folders, which changes these."""
    st = path.stat()
    return (st.st_ino, st.st_mtime_ns, st.st_nlink)


@dataclass
class Project:
    root: Path
    site: Path

    def municipalities(self) -> Path:
        return self.root / "content" / "municipalities"

    def build(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000"}
        return subprocess.run(
            [sys.executable, str(self.root / "build_site.py"), "--as-of", AS_OF.isoformat(),
             *args], cwd=cwd or self.root, capture_output=True, text=True, timeout=300,
            check=False, env=env)


def _scratch_project(base: Path) -> Path:
    """A copy of the project whose content/municipalities/ the test may change.

    The code is copied (sitegen finds the project from its own location), the
    large read-only parts are linked.
    """
    root = base / "project"
    root.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copy2(ROOT / "build_site.py", root / "build_site.py")
    for name in ("sitegen", "checker"):
        shutil.copytree(ROOT / name, root / name, ignore=ignore)
    for name in ("theme", "node_modules", "mkdocs.yml", "pyproject.toml"):
        (root / name).symlink_to(ROOT / name)
    content = root / "content"
    content.mkdir()
    for item in (ROOT / "content").iterdir():
        if item.name != "municipalities":
            (content / item.name).symlink_to(item)
    shutil.copytree(ROOT / "content" / "municipalities", content / "municipalities")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    base = tmp_path_factory.mktemp("bad-content")
    root = _scratch_project(base)
    site = base / "previous-site"
    first = Project(root, site).build("--out", str(site), "--lang", "nb")
    assert first.returncode == 0, first.stderr[-3000:]
    return Project(root, site)


def test_the_corpus_is_complete() -> None:
    assert len(BAD_FILES) >= 40
    assert sorted(EXPECTED) == BAD_FILES, "every file needs an entry in expected.yaml"


def _line_pattern(name: str) -> re.Pattern[str]:
    expected = EXPECTED[name]
    field = expected["field"]
    key = f" {re.escape(str(field))}:" if field else ""
    return re.compile(
        rf"^content/municipalities/{re.escape(name)}:{expected['line']}:\d+{key} "
        rf".*{re.escape(str(expected['message']))}", re.MULTILINE)


def _try_all(project: Project, names: list[str], before: tuple[int, int, int]) -> list[str]:
    """Run build_site.py once per bad file, each alone among the real files."""
    complaints = []
    for name in names:
        target = project.municipalities() / name
        shutil.copy2(CORPUS / name, target)
        try:
            result = project.build("--out", str(project.site))
        finally:
            target.unlink()
        if result.returncode != 1:
            complaints.append(f"{name}: exit code {result.returncode}, expected 1")
        if "Traceback" in result.stderr:
            complaints.append(f"{name}: a traceback instead of a message. "
                              f"{KNOWN_CAUSES.get(name, '')}\n" + result.stderr[-800:])
        elif not _line_pattern(name).search(result.stderr):
            complaints.append(f"{name}: no message like {EXPECTED[name]} in:\n"
                              + result.stderr[-1500:])
        if dir_stamp(project.site) != before:
            complaints.append(f"{name}: the previous site was replaced or changed")
    return complaints


def test_every_malformed_file_fails_with_file_line_and_field(project: Project) -> None:
    before_hash = tree_digest(project.site)
    before = dir_stamp(project.site)
    # Two copies of the project, one per core, each working through half the files.
    second = Project(_scratch_project(project.root.parent / "second"), project.site)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda job: _try_all(*job, before),
                                [(project, BAD_FILES[0::2]), (second, BAD_FILES[1::2])]))
    STATS["malformed_files_tried"] = len(BAD_FILES)
    assert tree_digest(project.site) == before_hash, "the previous site is not byte-identical"
    assert not [p for p in project.site.parent.iterdir() if p.name.startswith(".previous")], \
        "a failed build left a temporary folder"
    complaints = [c for r in results for c in r]
    assert not complaints, "\n\n".join(complaints)


def test_build_site_itself_refuses_a_bad_file_in_content(project: Project) -> None:
    """The plain CLI, no indirection: one bad file in the project's own content/."""
    before = tree_digest(project.site)
    target = project.municipalities() / "markup-name.yaml"
    shutil.copy2(CORPUS / "markup-name.yaml", target)
    try:
        result = project.build("--out", str(project.site))
    finally:
        target.unlink()
    assert result.returncode == 1
    assert _line_pattern("markup-name.yaml").search(result.stderr), result.stderr
    assert "nothing was published" in result.stderr
    assert tree_digest(project.site) == before


def test_markup_in_every_text_field_is_refused_by_the_library(
        tmp_path: Path, build_site: Builder) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    markup = [n for n in BAD_FILES if n.startswith("markup-")]
    for name in markup:
        shutil.copy2(CORPUS / name, content / "municipalities" / name)
    result = build_site(content_dir=content, out=tmp_path / "site", languages=("nb",))
    assert not result.ok
    assert not (tmp_path / "site").exists()
    refused = {(Path(p.file).name, p.key_path) for p in result.problems.errors
               if "markup" in p.message}
    assert refused == {(n, EXPECTED[n]["field"]) for n in markup}
