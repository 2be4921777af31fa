"""The JSON Schema for municipality files, generated from sitegen.model.

`python -m sitegen.schema` rewrites content/schema/municipality.schema.json;
a test fails when the committed file differs from what the model generates.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sitegen.model import Municipality

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "content" / "schema" / "municipality.schema.json"


def schema_text() -> str:
    schema = Municipality.model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://koordinert.invalid/schema/municipality.schema.json",
        **schema,
    }
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
