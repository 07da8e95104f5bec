"""Small moves on Streamlit's widgets in the browser, shared by the walks."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect


def view(page: Page, name: str) -> None:
    """Pick a segment of a segmented control (the board's Intake, Job, …)."""
    page.get_by_role("radio", name=name, exact=True).click()


def selectbox(page: Page, label: str) -> Locator:
    return page.get_by_test_id("stSelectbox").filter(
        has=page.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True)
    )


def _open(page: Page, box: Locator, typed: str | None = None) -> Locator:
    """Open a selectbox's list (typing ``typed`` into it, to filter); a rerun that lands
    meanwhile (a map reporting back after a redraw) closes it again, so try a few times."""
    options = page.get_by_role("option")
    for _ in range(5):
        box.click()
        if typed is not None:
            inner = box.get_by_role("combobox")
            (inner if inner.count() else box).fill(typed)
        try:
            expect(options.first).to_be_visible(timeout=6_000)
        except AssertionError:
            page.keyboard.press("Escape")
            continue
        return options
    expect(options.first).to_be_visible(timeout=1)
    return options


def choose(page: Page, label: str, option: str, *, exact: bool = False) -> None:
    """Open the selectbox labelled ``label`` and pick the option whose text is (or, when
    not ``exact``, starts with) ``option``."""
    box = selectbox(page, label)
    options = _open(page, box)
    if exact:
        page.get_by_role("option", name=option, exact=True).click()
    else:
        options.filter(has_text=option).first.click()
    expect(box.get_by_role("combobox")).to_have_value(
        re.compile("^" + re.escape(option) + ("$" if exact else "")), timeout=30_000
    )


def selected(page: Page, label: str) -> Locator:
    """The selectbox's input, whose value is the option it shows."""
    return selectbox(page, label).get_by_role("combobox")


def options_of(page: Page, label: str) -> list[str]:
    """The option texts of a selectbox (opened and closed again); a long list is drawn
    in part (the first dozen)."""
    options = _open(page, selectbox(page, label))
    texts = [options.nth(i).inner_text() for i in range(options.count())]
    page.keyboard.press("Escape")
    return texts


def timed(action: Callable[[], None], result: Locator, timeout: float = 180_000) -> float:
    """Seconds from the action (a click) to its result being visible."""
    started = time.perf_counter()
    action()
    expect(result).to_be_visible(timeout=timeout)
    return time.perf_counter() - started


def code_text(page: Page) -> str:
    """The text of the page's first code block (a chat message)."""
    return page.get_by_test_id("stCode").first.inner_text()


def button(page: Page, name: str) -> Locator:
    """A button by its whole name."""
    return page.get_by_role("button", name=name, exact=True)


def field(page: Page, label: str) -> Locator:
    """A text input or text area by its label (not the label's help button)."""
    return page.get_by_role("textbox", name=label, exact=True)


def open_list(page: Page, combobox: Locator, typed: str | None = None) -> Locator:
    """The options of a selectbox's combobox, opened (and filtered by ``typed``)."""
    return _open(page, combobox, typed)


def pick(page: Page, combobox: Locator, name: str, *, exact: bool = True) -> None:
    """Open the combobox's list and click the option called ``name``, again if a rerun
    closed the list under the click; the combobox then shows it."""
    for _ in range(5):
        _open(page, combobox)
        try:
            page.get_by_role("option", name=name, exact=exact).first.click(timeout=6_000)
        except PlaywrightError:
            continue
        break
    shown = re.escape(name) + ("$" if exact else "")
    expect(combobox).to_have_value(re.compile("^" + shown), timeout=30_000)


def hover_until(page: Page, control: Locator, shown: str) -> None:
    """Hover ``control`` until the tooltip saying ``shown`` is visible: a rerun that
    redraws the control under the pointer closes its tooltip, so move off and back."""
    tip = page.get_by_text(shown).first
    for _ in range(5):
        page.mouse.move(0, 0)
        control.hover()
        try:
            expect(tip).to_be_visible(timeout=4_000)
            return
        except AssertionError:
            continue
    expect(tip).to_be_visible()
