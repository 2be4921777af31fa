"""A release archive for one variant: `make dist MUNICIPALITY=askoy`.

`python -m sitegen.dist --municipality askoy [--out dist]` builds the
variant (as of the day of SOURCE_DATE_EPOCH, or of the last commit when it is
not set, so the same sources give the same site) and writes
`dist/koordinert-<id>-<date>.tar.gz` holding:

    koordinert-<id>/site/...      the built site, to serve as it is
    koordinert-<id>/deploy/...    the server configurations for it (sitegen.deploy)
    koordinert-<id>/SHA256SUMS    a checksum of every file above (`sha256sum -c`)

and `dist/koordinert-<id>-<date>.tar.gz.sha256` beside it. The archive is
reproducible: entries sorted, every time set to SOURCE_DATE_EPOCH, owner and
group 0 with no names, modes 0644/0755, and a gzip header without time or
name. Two runs from the same commit give byte-identical archives.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from sitegen.build import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH, or the time of the last commit, or 0."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value:
        return int(value)
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.strip()
        return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 0


def _files(folder: Path) -> list[Path]:
    return sorted((p for p in folder.rglob("*") if p.is_file()),
                  key=lambda p: p.relative_to(folder).as_posix())


def sha256sums(top: Path, folders: list[str]) -> str:
    lines = []
    for name in folders:
        for path in _files(top / name):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            lines.append(f"{digest}  {path.relative_to(top).as_posix()}")
    return "\n".join(lines) + "\n"


def write_archive(top: Path, archive: Path, epoch: int) -> None:
    """tar.gz of `top` (its name as the archive's root folder), reproducibly."""
    entries = [top, *sorted(top.rglob("*"), key=lambda p: p.relative_to(top).as_posix())]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in entries:
            name = (Path(top.name) / path.relative_to(top)).as_posix()
            info = tarfile.TarInfo(name)
            info.mtime = epoch
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if path.is_dir():
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
            else:
                data = path.read_bytes()
                info.size = len(data)
                info.mode = 0o644
                tar.addfile(info, io.BytesIO(data))
    archive.parent.mkdir(parents=True, exist_ok=True)
    tmp = archive.with_name(archive.name + ".tmp")
    with tmp.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                              compresslevel=9, mtime=0) as gz:
        gz.write(buffer.getvalue())
    tmp.replace(archive)


def make_dist(municipality: str, out: Path, epoch: int | None = None) -> Path:
    epoch = source_date_epoch() if epoch is None else epoch
    day = dt.datetime.fromtimestamp(epoch, dt.UTC).date()
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # for mkdocs too
    name = f"koordinert-{municipality}"
    with tempfile.TemporaryDirectory(prefix="koordinert-dist-") as work:
        top = Path(work) / name
        top.mkdir()
        result = build(BuildOptions(as_of=day, out=top / "site", municipality=municipality,
                                    deploy_dir=top / "deploy",
                                    generated_dir=Path(work) / "generated"))
        if not result.ok:
            raise SystemExit(1)
        (top / "SHA256SUMS").write_text(sha256sums(top, ["site", "deploy"]), encoding="utf-8")
        archive = out / f"{name}-{day.isoformat()}.tar.gz"
        write_archive(top, archive, epoch)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    archive.with_name(archive.name + ".sha256").write_text(f"{digest}  {archive.name}\n",
                                                           encoding="utf-8")
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen.dist")
    parser.add_argument("--municipality", required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    archive = make_dist(args.municipality, args.out)
    print(archive)
    return 0


if __name__ == "__main__":
    sys.exit(main())
