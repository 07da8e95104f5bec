"""Issue 16, finding 1: script in map tooltips. folium writes tooltip text into JavaScript
template strings, and HTML escaping leaves `` ` $ { } `` alone: a flood area named
``${(window.__x=1, top.document.cookie)}`` ran in every browser that opened the Flood
page; a lone backtick blanked the map. Every text a user typed that reaches a map goes
through one helper (`ui.map_style.esc`)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import shapely

from dispatch.surge import FloodArea
from store import queries
from store.db import make_engine
from store.snapshot import snapshot
from ui import flood_map
from ui.map_style import esc

PAYLOADS = ["${(window.__x=1, top.document.cookie)}", "`", "a ${'`'} b", "\\`${1}"]


def test_the_helper_leaves_nothing_a_template_string_or_html_would_run():
    for payload in [*PAYLOADS, "<img src=x onerror=alert(1)>"]:
        out = esc(payload)
        assert not set(out) & set("`$<>\\"), out


def test_flood_area_names_reach_the_map_as_text(figure, demo_dir, demo_db_template):
    from ui.data import layers as load_layers

    engine = make_engine(f"sqlite:///{demo_db_template}")
    lay = load_layers(str(demo_dir))
    areas = [
        FloodArea(f"F{k}", payload, shapely.box(111.8 + k / 100, 26.5, 111.81 + k / 100, 26.51))
        for k, payload in enumerate(PAYLOADS)
    ]
    m = flood_map.flood_map(
        lay.base, lay.bounds, areas, [], lay.districts, {},
        pd.DataFrame(columns=["id", "name", "kind", "lat", "lon"]), {},
        queries.member_positions(engine), snapshot(engine).jobs, [],
        now=datetime(2026, 11, 26, 1, 30), etas={},
    )  # fmt: skip
    html = m.get_root().render()
    for payload in PAYLOADS:
        assert f"<b>{payload}</b>" not in html
    assert "${(window.__x=1, top.document.cookie)}" not in html
    assert html.count("<b>&#36;{(window.__x=1, top.document.cookie)}</b>") == 1
    figure(f"map script: {len(PAYLOADS)} flood-area names with ` and ${{}}: 0 reach the map raw")
