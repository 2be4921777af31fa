"""The page's JavaScript unit tests (Node's built-in runner, no DOM), in `make test`."""

from __future__ import annotations

import subprocess

from checker_support import ROOT


def test_node_unit_tests_pass() -> None:
    proc = subprocess.run(["node", "--test", "tests/js/"], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "# fail 0" in proc.stdout and "# pass 0" not in proc.stdout
