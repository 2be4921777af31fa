"""HTML validity: the Nu Html Checker finds no error in any built page of any site.

vnu runs once over all three sites (conftest.vnu_job starts it while the
browser crawls). No message is filtered out: every error below is a real
conformance error, not a validator false positive.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests.quality.stats import STATS

pytestmark = pytest.mark.slow

# Causes found while writing these tests, in code this suite does not own.
KNOWN_CAUSES = {
    "Attribute “autocomplete” is only allowed": (
        "Material's base.html puts autocomplete=\"off\" on its drawer and search toggle "
        "checkboxes; the fix needs theme/main.html (not owned here) to override those "
        "inputs without the attribute."),
    "Bad value “//": (
        "theme/partials/alternate.html builds the language links of 404.html as '//…' "
        "(page.url is empty there); it should fall back to the language's home."),
}


def test_vnu_finds_no_error(
        vnu_job: tuple[subprocess.Popen[bytes], Path], sites: dict[str, Path]) -> None:
    job, report = vnu_job
    job.wait(timeout=600)
    data = json.loads(report.read_text(encoding="utf-8"))
    files = sum(len(list(site.rglob("*.html"))) for site in sites.values())
    STATS["html_files_validated"] = files
    errors = [m for m in data["messages"] if m["type"] in ("error", "non-document-error")]
    if not errors:
        return
    kinds = Counter(m["message"][:160] for m in errors)
    lines = []
    for message, count in kinds.most_common():
        cause = next((c for k, c in KNOWN_CAUSES.items() if message.startswith(k)), "")
        example = next(m["url"] for m in errors if m["message"].startswith(message))
        lines.append(f"{count} × {message}\n    e.g. {example}\n    {cause}")
    raise AssertionError(f"{len(errors)} vnu errors in {files} files:\n" + "\n".join(lines))
