"""Task sheets say what a member needs on the road: dates when not today, overdue work
marked with by how much, the fault, the place and the customer's name — never a number."""

from __future__ import annotations

from datetime import datetime

from dispatch.tasks import TaskStop, task_message, task_page

NOW = datetime(2026, 11, 26, 9, 30)  # local


def stop(**kw) -> TaskStop:
    base = {
        "job": "J1", "kind": "停电 outage", "place": "白水镇 12 号",
        "eta": datetime(2026, 11, 26, 10, 5), "due": datetime(2026, 11, 26, 12, 0),
        "contact": "138****8000",
        "description": "整条街停电", "customer": "李秀英",
    }  # fmt: skip
    return TaskStop(**(base | kw))


def test_a_deadline_days_ago_carries_its_date_and_an_overdue_mark():
    """The chat text once said "due 07:10" for a job due three days earlier."""
    text = task_message("李德辉 (M016)", [stop(due=datetime(2026, 11, 23, 7, 10))], NOW)
    assert "⚠ overdue 3 d 2 h (due 11-23 07:10)" in text
    assert "due 07:10" not in text.replace("due 11-23 07:10", "")


def test_todays_times_stay_short_and_the_sheet_has_its_date():
    text = task_message("李德辉 (M016)", [stop()], NOW)
    assert text.splitlines()[0].endswith("2026-11-26 09:30")
    assert "10:05 停电 outage · 白水镇 12 号 · due 12:00 · J1 · 整条街停电 · 138****8000" in text
    assert "overdue" not in text


def test_an_eta_tomorrow_has_its_date():
    text = task_message(
        "M", [stop(eta=datetime(2026, 11, 27, 8, 0), due=datetime(2026, 11, 27, 12, 0))], NOW
    )
    assert "11-27 08:00" in text
    assert "due 11-27 12:00" in text


def test_numbers_typed_into_the_fault_are_masked_on_the_sheet_and_in_the_chat():
    typed = "请回电 13812345678，身份证 431121199001011234"
    page = task_page("M", [stop(description=typed)], NOW)
    text = task_message("M", [stop(description=typed)], NOW)
    for out in (page, text):
        assert "13812345678" not in out
        assert "431121199001011234" not in out
    assert "138****5678" in page


def test_the_printable_sheet_has_fault_place_and_customer_and_marks_late_rows():
    page = task_page(
        "李德辉 (M016)", [stop(), stop(job="J2", due=datetime(2026, 11, 25, 8, 0))], NOW
    )
    for text in ("整条街停电", "白水镇 12 号", "李秀英", "138****8000", "<th>fault</th>",
                 "<th>customer</th>", "overdue 1 d 1 h"):  # fmt: skip
        assert text in page
    assert page.count("<tr class=late>") == 1


def test_a_customer_name_with_markup_is_escaped_on_the_sheet():
    page = task_page("M", [stop(customer="<script>alert(1)</script>")], NOW)
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
