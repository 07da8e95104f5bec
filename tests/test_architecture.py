"""The import contract of pyproject.toml ([tool.dualgrid.imports]; ARCHITECTURE.md):
views → ui → actions → store → dispatch → geo, nothing back up, the demo imported by
nobody, SQL only in the store, no streamlit or folium below the pages."""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["dualgrid"][
    "imports"
]
LAYERS: list[str] = CONTRACT["layers"]
UI_LIBRARIES = {"streamlit", "folium", "streamlit_folium", "branca"}


def package_of(path: Path) -> str:
    rel = path.relative_to(ROOT)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def modules() -> Iterator[Path]:
    for name in [*LAYERS, *CONTRACT["apart"]]:
        single = ROOT / f"{name}.py"
        if single.is_file():
            yield single
        yield from (p for p in sorted((ROOT / name).rglob("*.py")) if "versions" not in p.parts)


def imports(path: Path) -> Iterator[tuple[int, str, list[str]]]:
    """(line, module, names) of every import, at the top or inside a function."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ["*"]  # the whole module
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module, [a.name for a in node.names]


def first_party() -> set[str]:
    """Every top-level package or module of the repository (tests and benchmarks too)."""
    return {p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file()} | {
        p.stem for p in ROOT.glob("*.py")
    }


def violations() -> list[str]:
    found = []
    rank = {name: k for k, name in enumerate(LAYERS)}
    ours = first_party()
    for path in modules():
        mine = package_of(path)
        where = path.relative_to(ROOT)
        for line, module, names in imports(path):
            top = module.split(".")[0]
            if mine in rank and top in rank and rank[top] < rank[mine]:
                found.append(f"{where}:{line}: {mine} imports {module}, a layer above it")
            allowed = {"ui", *CONTRACT["everywhere"]}
            if mine in CONTRACT["thin"] and top in ours | set(rank) and top not in allowed:
                found.append(f"{where}:{line}: {mine} imports {module}: pages go through ui")
            if top in CONTRACT["apart"] and mine != top:
                found.append(f"{where}:{line}: {mine} imports the {top} package")
            if top in ours - set(rank) - set(CONTRACT["apart"]):
                found.append(f"{where}:{line}: {mine} imports {module}, outside the layers")
            if module == "importlib" and not set(names) <= {"util", "metadata", "resources"}:
                found.append(f"{where}:{line}: {mine} imports by name, unseen by this contract")
            speaks_sql = module != "sqlalchemy" or bool(set(names) - {"Engine"})
            if top == "sqlalchemy" and mine not in CONTRACT["sql"] and speaks_sql:
                found.append(f"{where}:{line}: {mine} speaks SQL ({module} {names})")
            if top in UI_LIBRARIES and mine in CONTRACT["no_ui_libraries"]:
                found.append(f"{where}:{line}: {mine} imports {module}")
    return found


def test_imports_point_one_way():
    assert violations() == []


def test_the_contract_catches_an_import_back_up(tmp_path, monkeypatch):
    """The check itself can fail: an arrow up, the demo imported, SQL above the store
    (however imported), a test or benchmark module imported, an import by name, a page
    reaching past ui/."""
    fake = tmp_path / "repo"
    for package, text in {
        "geo": "from dispatch.model import Problem\nimport importlib\n",
        "store": "import streamlit as st\n",
        "ui": "from demo.build import build_demo\nfrom sqlalchemy import select\n",
        "actions": "import sqlalchemy as sa\nfrom tests.conftest import ROOT\n",
        "views": "from store import queries\n",
    }.items():
        (fake / package).mkdir(parents=True)
        (fake / package / "bad.py").write_text(text, encoding="utf-8")
    (fake / "tests").mkdir()
    (fake / "tests" / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", fake)
    assert [v.split(": ", 1)[1] for v in violations()] == [
        "views imports store: pages go through ui",
        "ui imports the demo package",
        "ui speaks SQL (sqlalchemy ['select'])",
        "actions speaks SQL (sqlalchemy ['*'])",
        "actions imports tests.conftest, outside the layers",
        "store imports streamlit",
        "geo imports dispatch.model, a layer above it",
        "geo imports by name, unseen by this contract",
    ]
