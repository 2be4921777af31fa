"""Generated JSON files written the same way everywhere: sorted keys, and only
when the content changes (so a file's time stamp says when it last changed),
through a temporary file that replaces it whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_if_changed(dest: Path, data: Any) -> Path:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n"
    if not dest.exists() or dest.read_text(encoding="utf-8") != text:
        tmp = dest.with_suffix(".json.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(dest)
    return dest
