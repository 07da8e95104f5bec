"""Issue 16, finding 7: order numbers in disguise (full-width, a zero-width space, case,
NFD, a Unicode hyphen) became new requests and jobs; far-past times (1900, 1970) were
accepted; years 1 and 9999 raised an uncaught overflow."""

from __future__ import annotations

import pytest

from store.intake import import_file
from store.queries import counts

from .test_bad_input import refused, row, store  # noqa: F401 (the fixture)

DISGUISES = {
    "full-width": "ＤＧ－ＴＥＳＴ－１",
    "zero-width space": "DG-\u200bTEST-1",
    "lower case": "dg-test-1",
    "NFD": "DG-TE\u0301ST-1",  # an accent apart from its letter: its NFC form differs
    "Unicode hyphen": "DG\u2010TEST\u20111",
}


def test_an_order_in_disguise_is_the_same_order(store, figure):  # noqa: F811
    engine, locator = store
    first = import_file(engine, row(engine, order_no="DG-TEST-1"), "a.csv", locator, by="t")
    assert first.new == 1
    before = counts(engine)
    same = {
        case: import_file(engine, row(engine, order_no=disguise), f"{k}.csv", locator, by="t")
        for k, (case, disguise) in enumerate(DISGUISES.items())
        if case != "NFD"
    }
    assert all(r.new == 0 and r.present == 1 for r in same.values()), same
    assert counts(engine)["requests"] == before["requests"]
    assert counts(engine)["jobs"] == before["jobs"]
    nfd = import_file(engine, row(engine, order_no=DISGUISES["NFD"]), "n.csv", locator, by="t")
    again = import_file(engine, row(engine, order_no="DG-TÉST-1"), "m.csv", locator, by="t")
    assert (nfd.new, again.new, again.present) == (1, 0, 1)  # composed and decomposed agree
    figure(f"order numbers: {len(same)} disguises of one order added 0 requests; NFD = NFC")


@pytest.mark.parametrize(
    ("case", "when", "message"),
    [
        ("1900", "1900-01-01T08:00:00+08:00", "is in 1900"),
        ("1970", "1970-01-01T08:00:00+08:00", "is in 1970"),
        ("year 1", "0001-01-01T00:00:00+08:00", "is in 1"),
        ("year 9999", "9999-12-31T23:59:59-08:00", "is in 9999"),
    ],
)
def test_implausible_times_are_refused_by_name(store, figure, case, when, message):  # noqa: F811
    engine, _ = store
    text = refused(store, row(engine, received_at=when), "orders.csv", message)
    figure(f"times, {case}: refused, store unchanged — {text.split('row 1: ', 1)[-1][:90]}")
