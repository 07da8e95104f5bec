"""Every session-state and widget key is named in ui/keys.py: a key written out anywhere
else in ui/, views/ or app.py fails here, so the rule cannot rot."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

from ui import keys

ROOT = Path(__file__).resolve().parents[2]
KEYS = ROOT / "ui" / "keys.py"
SOURCES = sorted(
    p for p in [*ROOT.glob("ui/*.py"), *ROOT.glob("views/*.py"), ROOT / "app.py"] if p != KEYS
)
LOOKUPS = frozenset({"get", "pop", "setdefault"})
#: ui.state's helpers: their first argument names a key (``flash.<place>``, ``seen.<key>``…)
HELPERS = frozenset({"flash", "shown_at", "seen", "asked", "ask_on_click", "done", "attempt"})


def _written(node: ast.expr | None) -> bool:
    """A key written out: a string, an f-string, or text joined to something else."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.BinOp):  # "customers." + text, "%s.x" % name
        return _written(node.left) or _written(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and _written(node.func.value)
    return False


def _is_state(node: ast.expr, aliases: set[str]) -> bool:
    """``st.session_state`` (or a name it was given, ``ss = st.session_state``)."""
    if isinstance(node, ast.Attribute):
        return node.attr == "session_state"
    return isinstance(node, ast.Name) and node.id in aliases


def _keys_used(tree: ast.Module) -> list[tuple[str, ast.expr]]:
    """Every expression the module uses as a key, with what it is used for."""
    aliases = {
        t.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and _is_state(node.value, set())
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    helpers = {
        name.asname or name.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "ui.state"
        for name in node.names
        if name.name in HELPERS
    }
    used: list[tuple[str, ast.expr]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is_state(node.value, aliases):
            used.append(("st.session_state[…]", node.slice))
        elif isinstance(node, ast.Compare) and any(_is_state(c, aliases) for c in node.comparators):
            used.append(("… in st.session_state", node.left))
        elif isinstance(node, ast.Call):
            func = node.func
            first = node.args[0] if node.args else None
            lookup = isinstance(func, ast.Attribute) and func.attr in LOOKUPS
            if lookup and _is_state(func.value, aliases) and first is not None:
                used.append((f"st.session_state.{func.attr}", first))
            if isinstance(func, ast.Attribute) and func.attr == "form" and first is not None:
                used.append(("a form's key", first))
            helper = (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "state"
                and func.attr in HELPERS
            ) or (isinstance(func, ast.Name) and func.id in helpers)
            if helper and first is not None:
                used.append(("a ui.state helper's key", first))
            used += [("key=", kw.value) for kw in node.keywords if kw.arg == "key"]
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            positional = [*args.posonlyargs, *args.args]
            pairs = [
                *zip(
                    positional[len(positional) - len(args.defaults) :], args.defaults, strict=True
                ),
                *zip(args.kwonlyargs, args.kw_defaults, strict=True),
            ]
            used += [("a key parameter's default", d) for a, d in pairs if a.arg == "key" and d]
    return used


def _constants(tree: ast.Module) -> set[str]:
    """The module's own names for strings (``PLAN = "flood.proposal"``)."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and _written(node.value):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and _written(node.value):
            names |= {node.target.id} if isinstance(node.target, ast.Name) else set()
    return names


def problems(source: str, where: str = "<snippet>") -> list[str]:
    """Each key the source writes out, or names itself, instead of taking it from ui.keys."""
    tree = ast.parse(source)
    own = _constants(tree)
    found = []
    for what, node in _keys_used(tree):
        if _written(node):
            found.append(
                f"{where}:{node.lineno}: {what} {ast.unparse(node)} — name it in ui/keys.py"
            )
        elif isinstance(node, ast.Name) and node.id in own:
            found.append(
                f"{where}:{node.lineno}: {what} {node.id} is a key named outside ui/keys.py"
            )
    return found


def test_every_key_comes_from_ui_keys():
    found = [
        p
        for path in SOURCES
        for p in problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert not found, "\n".join(found)


def test_the_check_reads_the_pages():
    """The check sees the pages' keys at all (a wrong folder would pass everything)."""
    assert len(SOURCES) > 30
    used = [u for path in SOURCES for u in _keys_used(ast.parse(path.read_text(encoding="utf-8")))]
    assert len(used) > 200


@pytest.mark.parametrize(
    "snippet",
    [
        'st.session_state["board.proposal"] = {}',
        'x = st.session_state.get("auth.user")',
        'st.session_state.pop(f"board.reason.{job_id}", None)',
        'st.session_state.setdefault("board.job.stepped", [])',
        'ss = st.session_state\nss.get("board.moves")',
        'if "planning.work" in st.session_state: pass',
        'del st.session_state["flood.drawn"]',
        'st.button("Plan", key="board.plan")',
        'st.text_input("Name", key=f"users.add.name.{gen}")',
        'st.text_input("Text", key=KEY + "text")',
        'st.selectbox("Grid", grids, key="roster.member.{}".format(grid))',
        'with st.form("auth.login"): pass',
        'with a.form(f"roster.move.{who}"): pass',
        'state.flash("roster.add", "success", "Added.")',
        'state.shown_at("flood.areas")',
        'from ui.state import seen\nseen("flood.pin", {})',
        'def show_map(folder, *, key="board-map"): pass',
        'PLAN = "flood.proposal"\nst.session_state.get(PLAN)',
        'PICK: Final = "board.job"\nst.selectbox("Job", jobs, key=PICK)',
    ],
)
def test_a_key_written_out_is_found(snippet):
    assert len(problems(snippet)) == 1


@pytest.mark.parametrize(
    "snippet",
    [
        "st.session_state[keys.BOARD_PROPOSAL] = {}",
        "st.session_state.get(keys.AUTH_USER)",
        "st.session_state.pop(keys.board_reason(job_id), None)",
        "st.session_state.pop(key, None)",  # a key handed in
        "if keys.PLANNING_WORK in st.session_state: pass",
        'st.text_input("Name", key=keys.users_add_field("name", gen))',
        "with st.form(keys.AUTH_LOGIN): pass",
        'state.flash(keys.ROSTER_ADD, "success", "Added.")',
        "def show_map(folder, *, key=keys.BOARD_MAP): pass",
        "max(parts, key=lambda p: p.area)",
        'x = row.get("name")',  # a row, not the session state
        'if "auth" in st.secrets: pass',
    ],
)
def test_a_key_from_ui_keys_passes(snippet):
    assert problems(snippet) == []


def test_each_key_is_named_once():
    """Two names for one key would let two widgets share their state."""
    values = Counter(v for k, v in vars(keys).items() if k.isupper() and isinstance(v, str))
    assert [v for v, n in values.items() if n > 1] == []
