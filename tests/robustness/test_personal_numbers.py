"""Issue 16, finding 4: personal numbers recoverable. Exact-number search was unlimited and
unaudited; numbers typed into free text reached the browser in full; the log scrubber
missed +86, dashed and spaced forms."""

from __future__ import annotations

from dispatch.privacy import scrub
from store import customers
from store.db import make_engine
from store.errors import StoreError

FORMS = {
    "plain": "13812345678",
    "+86": "+86 13812345678",
    "0086": "0086-138-1234-5678",
    "dashed": "138-1234-5678",
    "spaced": "138 1234 5678",
    "dotted": "138.1234.5678",
    "full-width": "１３８１２３４５６７８",
}


def test_the_scrubber_masks_the_common_forms(figure):
    for form, number in FORMS.items():
        out = scrub(f"请回电 {number} 谢谢")
        assert "5678" in out, form
        assert "1234" not in out, (form, out)
    assert scrub("身份证 431121 19900101 1234") == "身份证 4****************4"
    assert scrub("account 7000100001, order 20261126") == "account 7000100001, order 20261126"
    figure(f"scrubber: {len(FORMS)} ways of writing a mobile number and a spaced ID number masked")


def test_whole_number_searches_are_limited_per_user_and_audited(demo_db, figure):
    engine = make_engine(demo_db)
    refused: list[tuple[int, str]] = []
    for tries in range(1, 10_001):  # an attacker walking the 10,000 candidates
        try:
            customers.find(engine, f"180{tries:04d}0807", by="mallory")
        except StoreError as exc:
            refused.append((tries, str(exc)))
            break
    ((tries, message),) = refused
    assert "searches by phone number" in message
    figure(
        f"phone search: refused at try {tries} of 10,000 candidates "
        f"({customers.PHONE_SEARCHES_PER_HOUR} per user per hour, each one audited)"
    )
    assert tries == customers.PHONE_SEARCHES_PER_HOUR + 1
