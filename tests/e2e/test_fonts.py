"""Chinese in the app's own font, in a real browser: the page's text and the map's are
drawn with the vendored Noto Sans SC web font (a custom font, not one of the machine's),
so they read on a machine without a Chinese system font."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import idle, sign_in

pytestmark = pytest.mark.e2e
MAP = 'iframe[title="streamlit_folium.st_folium"]'


def fonts_of(cdp, root: dict, text) -> list[dict]:
    """The fonts the browser drew the first shown element holding a text ``text(t)``
    with."""
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.get("children", []):
            if child.get("nodeType") == 3 and text(child.get("nodeValue", "")):
                fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
                if fonts["fonts"]:  # drawn (not a script's text, not hidden)
                    return fonts["fonts"]
        stack += node.get("children", [])
        if "contentDocument" in node:
            stack.append(node["contentDocument"])
    raise AssertionError("no such text on the page")


def chinese_custom(fonts: list[dict]) -> bool:
    return any(f["isCustomFont"] and f["familyName"].startswith("Noto Sans SC") for f in fonts)


def test_chinese_is_drawn_in_the_apps_own_font_on_the_page_and_the_map(own_server, offline_page):
    page = offline_page
    page.goto(own_server.url)
    sign_in(page, "viewer")
    idle(page)
    page.get_by_role("radio", name="中文").click()
    idle(page)
    legend = page.frame_locator(MAP).first.locator(".dg-legend summary")
    expect(legend.first).to_have_text("图例", timeout=120_000)
    page.wait_for_function("document.fonts.status === 'loaded'")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    title = fonts_of(cdp, root, lambda t: t == "县域地图")  # the page's title
    on_map = fonts_of(cdp, root, lambda t: t == "图例")  # the map's legend
    assert chinese_custom(title), title
    assert chinese_custom(on_map), on_map
    english = fonts_of(cdp, root, lambda t: t == "English")
    assert not chinese_custom(english), english  # Latin text keeps Streamlit's font
