"""The demo is deterministic: the same seed writes byte-identical files."""

from __future__ import annotations

import json

from demo.build import build_demo
from store.folder import MANIFEST


def test_rebuild_matches_the_build_byte_for_byte(demo_dir, tmp_path):
    """A second build (same code, same seed) has the same SHA-256 for every file."""
    build_demo(tmp_path, log=lambda _: None)
    expected = json.loads((demo_dir / MANIFEST).read_text())
    rebuilt = json.loads((tmp_path / MANIFEST).read_text())
    differing = sorted(name for name in expected if expected[name] != rebuilt.get(name))
    assert rebuilt.keys() == expected.keys()
    assert differing == [], f"files differ between two builds: {differing}"
