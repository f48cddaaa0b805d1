"""Regenerate briefgen/render/templates/reference.docx, the built-in Word styles (same pandoc, same bytes).

.venv/bin/python scripts/make_reference_docx.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefgen.render.word import default_reference

target = (
    Path(__file__).resolve().parents[1] / "briefgen" / "render" / "templates" / "reference.docx"
)
target.write_bytes(default_reference())
print(f"wrote {target}")
