"""Write what briefgen/load/schema.py drives: the shipped JSON Schemas and the docs' tables.

Run by `make schema` after a change to schema.py; tests/test_schema.py fails until it is run.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's package, whatever the venv points at

from briefgen.load.schema import DOCS, SCHEMA_FILES, json_text, shipped, update_docs  # noqa: E402


def main() -> None:
    for which in SCHEMA_FILES:
        path = shipped(which)
        path.parent.mkdir(exist_ok=True)
        path.write_text(json_text(which), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    for name in DOCS:
        path = ROOT / "docs" / name
        path.write_text(update_docs(path.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
