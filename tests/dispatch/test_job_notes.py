"""The system's notes on a job are kept as codes and said in the reader's language; a
person's words are kept and shown as typed."""

from __future__ import annotations

import pytest

from dispatch.job_notes import coded, said
from i18n import CHINESE, ENGLISH, using


def test_a_system_note_is_said_in_each_readers_language():
    stored = coded("placed_urgent", member="李德辉 (M016)", stop=2, eta="07:10")
    with using(ENGLISH):
        assert said(stored) == (
            "placed automatically in 李德辉 (M016)'s route as stop 2, ETA 07:10 — review"
        )
    with using(CHINESE):
        text = said(stored)
    assert text == "已自动插入 李德辉 (M016) 的路线第 2 站，预计到达 07:10 — 请核对"


def test_a_persons_words_and_older_notes_are_shown_as_they_were_written():
    for typed in ("门锁着，客户不在家", '{"note": "made up", "x": 1}', "{not json", ""):
        assert said(typed) == typed
    assert said(None) == ""
    assert said('{"note": "assigned_to"}') == '{"note": "assigned_to"}'  # a value missing


def test_an_unknown_code_is_refused_when_written():
    with pytest.raises(KeyError, match="unknown note"):
        coded("nonsense")
