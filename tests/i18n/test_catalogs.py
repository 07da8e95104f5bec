"""The catalogs against the code: every message the code looks up has its Simplified
Chinese translation (none missing, none fuzzy), each with the same placeholders, both
languages' catalogs list exactly the code's messages, the glossary's words are used
wherever their English is, and the lookup follows the active language."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.extract import extract, extract_from_dir
from babel.messages.pofile import read_po

import i18n
from i18n import CHINESE, ENGLISH, _, _n, using

ROOT = Path(__file__).resolve().parents[2]
WORDS = ["app.py", "views", "ui", "actions", "store", "dispatch", "geo", "i18n"]
KEYWORDS = {"_": None, "N_": None, "_n": (1, 2)}
#: A placeholder's name ({n}, {hours:.1f} → hours): a translation may format it its own
#: way ("{month}月" for "{month:02d}-"), never drop or rename it.
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def code_messages() -> set[str]:
    """Every message id the code looks up or marks (as `make catalog` extracts them)."""
    found: set[str] = set()
    for name in WORDS:
        path = ROOT / name
        if path.is_file():
            with path.open("rb") as f:
                found |= {_id(m[1]) for m in extract("python", f, keywords=KEYWORDS)}
            continue
        found |= {
            _id(m[2])
            for m in extract_from_dir(path, method_map=[("**.py", "python")], keywords=KEYWORDS)
        }
    return found


def _id(message: str | tuple[str, ...]) -> str:
    return message if isinstance(message, str) else message[0]


def catalog(lang: str):
    with (i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "dualgrid.po").open("rb") as f:
        return read_po(f, locale=lang)


def test_every_message_of_the_code_has_its_chinese_translation():
    zh = catalog(CHINESE)
    missing = sorted(m for m in code_messages() if m not in zh)
    untranslated = sorted(
        m.id if isinstance(m.id, str) else m.id[0]
        for m in zh
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    )
    fuzzy = sorted(str(m.id) for m in zh if m.id and m.fuzzy)
    assert (missing, untranslated, fuzzy) == ([], [], []), "run make catalog, then translate"


def test_both_catalogs_hold_exactly_the_codes_messages():
    code = code_messages()
    for lang in (CHINESE, ENGLISH):
        held = {_id(m.id) for m in catalog(lang) if m.id}
        assert held - code == set(), f"{lang}: ids the code no longer has (run make catalog)"
        assert code - held == set(), f"{lang}: ids missing (run make catalog)"


def test_each_translation_keeps_the_placeholders_of_its_message():
    wrong = []
    for m in catalog(CHINESE):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        want = set(PLACEHOLDER.findall(ids[-1]))
        wrong += [(ids[0], s) for s in strings if set(PLACEHOLDER.findall(s)) != want]
    assert wrong == []


def glossary() -> list[tuple[str, str]]:
    rows = (ROOT / "i18n" / "glossary.tsv").read_text(encoding="utf-8").splitlines()
    pairs = [tuple(r.split("\t")[:2]) for r in rows if r and not r.startswith("#")]
    return [(en, zh) for en, zh in pairs]


def test_the_glossarys_word_is_used_wherever_its_english_is():
    """One Chinese word per idea: a message saying the English term is translated with
    the glossary's Chinese term."""
    zh = catalog(CHINESE)
    off = []
    for en, word in glossary():
        term = re.compile(rf"\b{re.escape(en)}\b", re.IGNORECASE)
        for m in zh:
            text = _id(m.id) if m.id else ""
            said = m.string if isinstance(m.string, str) else "".join(m.string)
            if text and term.search(text) and word not in said:
                off.append((en, word, text, said))
    assert off == []


def test_the_glossary_check_can_fail(monkeypatch):
    """The check itself catches a term translated another way."""
    monkeypatch.setattr(__import__(__name__, fromlist=["glossary"]), "glossary",
                        lambda: [("Sign in", "签入")])  # fmt: skip
    with pytest.raises(AssertionError):
        test_the_glossarys_word_is_used_wherever_its_english_is()


def test_words_follow_the_active_language():
    assert i18n.language() == ENGLISH  # a test, like a command line, speaks English
    assert _("Sign in") == "Sign in"
    with using(CHINESE):
        assert _("Sign in") == "登录"
        assert _("a message no catalog has") == "a message no catalog has"
        with using(ENGLISH):
            assert _("Dispatch board") == "Dispatch board"
        assert _("Dispatch board") == "调度台"
    assert _("Sign in") == "Sign in"
    assert _n("{n} job", "{n} jobs", 2) == "{n} jobs"
    with using("xx"):  # an unknown language: the app's default
        assert i18n.language() == i18n.APP_DEFAULT


def test_a_catalog_not_compiled_is_compiled_in_memory(tmp_path, monkeypatch, caplog):
    here = tmp_path / "locale" / CHINESE / "LC_MESSAGES"
    here.mkdir(parents=True)
    shutil.copy(i18n.LOCALE_DIR / CHINESE / "LC_MESSAGES" / "dualgrid.po", here)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    i18n.catalog.cache_clear()
    try:
        with using(CHINESE):
            assert _("Sign out") == "退出登录"
        assert "not compiled" in caplog.text
    finally:
        i18n.catalog.cache_clear()


def test_no_message_is_looked_up_inside_an_f_string():
    """Babel cannot see ``_("…")`` written inside an f-string's braces (Python 3.11 reads
    the f-string as one token): such a text would never reach the catalogs."""
    hidden = []
    for name in WORDS:
        path = ROOT / name
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            tree = ast.parse(file.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.JoinedStr):
                    continue
                for inner in ast.walk(node):
                    called = isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name)
                    if called and inner.func.id in KEYWORDS and _literal(inner):
                        hidden.append(f"{file.relative_to(ROOT)}:{inner.lineno}")
    assert hidden == []


def _literal(call) -> bool:
    """A call whose message is written out (a variable's message was marked elsewhere)."""
    return bool(call.args) and isinstance(call.args[0], ast.Constant)


def test_every_catalog_passes_babels_own_checks():
    """What `pybabel compile` (make setup) refuses, e.g. a message Babel reads as a
    printf format ("% of …") whose translation has other conversions."""
    for lang in (CHINESE, ENGLISH):
        errors = [(m.id, [str(e) for e in errs]) for m, errs in catalog(lang).check()]
        assert errors == [], lang
