"""`make dist`: a reproducible release archive of one variant."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
from pathlib import Path

from tests.conftest import ROOT


def _dist(out: Path, epoch: str) -> Path:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    subprocess.run([sys.executable, "-m", "sitegen.dist", "--municipality", "bokn",
                    "--out", str(out)], cwd=ROOT, env=env, check=True, capture_output=True)
    (archive,) = out.glob("*.tar.gz")
    return archive


def test_two_dist_runs_give_byte_identical_archives(tmp_path: Path) -> None:
    epoch = "1795305600"  # 2026-11-22 00:00 UTC
    first = _dist(tmp_path / "a", epoch)
    second = _dist(tmp_path / "b", epoch)
    assert first.name == "koordinert-bokn-2026-11-22.tar.gz"
    assert first.read_bytes() == second.read_bytes()
    digest = hashlib.sha256(first.read_bytes()).hexdigest()
    assert (tmp_path / "a" / (first.name + ".sha256")).read_text() == f"{digest}  {first.name}\n"
    with tarfile.open(first) as tar:
        members = tar.getmembers()
        names = [m.name for m in members]
        assert names == sorted(names) and names[0] == "koordinert-bokn"
        assert {m.mtime for m in members} == {int(epoch)}
        assert {(m.uid, m.gid, m.uname, m.gname) for m in members} == {(0, 0, "", "")}
        assert "koordinert-bokn/site/index.html" in names
        assert "koordinert-bokn/deploy/nginx/koordinert.conf" in names
        assert "koordinert-bokn/deploy/embed/snippet-nn.html" in names
        sums = tar.extractfile("koordinert-bokn/SHA256SUMS")
        assert sums is not None
        listed = dict(reversed(line.split("  ", 1)) for line in sums.read().decode().splitlines())
        files = [m for m in members if m.isfile() and not m.name.endswith("SHA256SUMS")]
        assert len(listed) == len(files) > 1000
        for member in files[:200]:
            data = tar.extractfile(member)
            assert data is not None
            key = member.name.removeprefix("koordinert-bokn/")
            assert hashlib.sha256(data.read()).hexdigest() == listed[key], key
