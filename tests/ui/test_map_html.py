"""The maps work offline (every asset served by the app, no tile server by default) and
are legible: metric scale, wheel zoom only once clicked, grid names, apart colours, a
legend line for every badge, and no text from the store that runs as script."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime

import folium
import folium.plugins
import pandas as pd
import pytest

from dispatch.board import BoardJob, by_deadline
from store import queries
from store.db import make_engine
from store.snapshot import snapshot
from ui import assets, board_map, flood_map, layers, marks
from ui.map_controls import CooperativeScroll
from ui.map_style import PRIORITY_HEX, STATUS_COLOURS

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def county_html(demo_dir, demo_db_template):
    from ui.data import grid_shapes
    from ui.data import layers as load_layers

    engine = make_engine(f"sqlite:///{demo_db_template}")
    lay = load_layers(str(demo_dir))
    assignment = queries.district_grids(engine)
    shapes = grid_shapes(
        str(demo_dir), tuple(zip(assignment["id"], assignment["grid_id"], strict=True))
    )

    def build(online: bool) -> str:
        m = layers.county_map(
            lay.base,
            lay.bounds,
            layers.grid_features(shapes.features, queries.grids(engine)),
            queries.stations(engine),
            queries.service_windows(engine),
            queries.member_positions(engine),
            queries.open_jobs(engine),
            online_tiles=online,
        )
        return m.get_root().render()

    return build


def test_no_external_url_in_the_county_map(county_html):
    html = county_html(False)
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assert "http://" not in html
    assert "https://" not in html
    assert "/app/static/vendor/leaflet/dist/leaflet.js" in html
    assert html.count('"grid_id"') >= 25


def test_online_base_map_only_when_asked(county_html):
    assert "tile.openstreetmap.org" in county_html(True)


def test_every_vendored_file_exists():
    """`make` vendored the assets (a missing file would silently blank the map)."""
    assert assets.missing_files() == []


def test_an_unknown_asset_fails_loudly():
    m = folium.Map(tiles=None)
    folium.plugins.Fullscreen().add_to(m)  # its script is not vendored
    with pytest.raises(assets.MissingAssetError, match="not vendored"):
        assets.localize(m)


def test_text_from_the_data_is_escaped():
    jobs = pd.DataFrame(
        [
            {
                "id": "<script>alert(1)</script>",
                "type": "repair",
                "calls": 1,
                "priority": 1,
                "status": "new",
                "member": None,
                "lat": 26.5,
                "lon": 111.8,
            }
        ]
    )
    m = folium.Map(tiles=None)
    marks.jobs_layer(jobs).add_to(m)
    html = m.get_root().render()
    assert "<script>alert(1)</script>" not in html
    tips = [f["properties"]["tip"] for f in geojson_features(html)]
    assert tips
    assert all("&lt;script&gt;alert(1)&lt;/script&gt;" in t for t in tips)


# ---- legibility ------------------------------------------------------------------------

HOSTILE = "${(window.__x=1)}"
NOW = datetime(2026, 11, 26, 1, 30)  # the demo's "now", naive UTC


@pytest.fixture(scope="module")
def store_frames(demo_dir, demo_db_template):
    from ui.data import grid_shapes
    from ui.data import layers as load_layers

    engine = make_engine(f"sqlite:///{demo_db_template}")
    assignment = queries.district_grids(engine)
    return {
        "lay": load_layers(str(demo_dir)),
        "shapes": grid_shapes(
            str(demo_dir), tuple(zip(assignment["id"], assignment["grid_id"], strict=True))
        ),
        "grids": queries.grids(engine),
        "members": queries.member_positions(engine),
        "jobs": by_deadline(snapshot(engine).jobs),
        "windows": queries.service_windows(engine),
    }


def route(jobs: list[BoardJob], member: str) -> dict:
    stops = [(j.lat, j.lon, j.id) for j in jobs[:3]]
    return {
        "member": member,
        "summary": "3 jobs",
        "colour": board_map.route_colour(0),
        "coords": [(lat, lon) for lat, lon, _ in stops],
        "stops": len(stops),
        "stop_points": stops,
    }


def board_html(frames: dict, *, grids: pd.DataFrame | None = None, members=None) -> str:
    lay, jobs = frames["lay"], frames["jobs"]
    grids = frames["grids"] if grids is None else grids
    m = board_map.board_map(
        lay.base,
        lay.bounds,
        layers.grid_features(frames["shapes"].features, grids),
        frames["windows"],
        frames["members"] if members is None else members,
        jobs,
        [route(jobs, "M001 王")],
        now=NOW,
        etas={},
        routes_name="Committed routes",
    )
    return m.get_root().render()


def flood_html(frames: dict) -> str:
    lay = frames["lay"]
    m = flood_map.flood_map(
        lay.base,
        lay.bounds,
        [],
        [],
        lay.districts,
        {},
        pd.DataFrame(columns=["id", "name", "kind", "lat", "lon"]),
        {},
        frames["members"],
        frames["jobs"],
        [],
        now=NOW,
        etas={},
        grid_features=layers.grid_features(frames["shapes"].features, frames["grids"]),
    )
    return m.get_root().render()


@pytest.fixture(scope="module")
def maps(county_html, store_frames) -> dict[str, str]:
    return {
        "county": county_html(False),
        "board": board_html(store_frames),
        "flood": flood_html(store_frames),
    }


def js_options(html: str, call: str) -> list[dict]:
    """The options object of every ``call`` in the page (folium writes them as JSON with a
    trailing comma)."""
    bodies = re.findall(call + r"\s*(\{.*?\})\s*\)", html, flags=re.DOTALL)
    return [json.loads(re.sub(r",\s*\}$", "}", body)) for body in bodies]


def geojson_features(html: str) -> list[dict]:
    """Every feature of every GeoJSON layer embedded in the page."""
    bodies = re.findall(r"_add\((\{.*?\})\);\n", html, flags=re.DOTALL)
    return [f for body in bodies for f in json.loads(body).get("features", [])]


def job_circles(html: str) -> list[dict]:
    """The open jobs' circles (their style says their radius, colour and pane)."""
    return [
        f
        for f in geojson_features(html)
        if isinstance(f["properties"].get("style"), dict) and "radius" in f["properties"]["style"]
    ]


def div_icons(html: str) -> list[dict]:
    return js_options(html, r"L\.divIcon\(")


def labels(html: str) -> dict[str, dict]:
    """Grid labels by their id text: {"G01": {"html": ..., "className": ...}}."""
    out = {}
    for icon in div_icons(html):
        if "dg-grid-label" in icon.get("className", ""):
            gid = re.search(r"<b>(.*?)</b>", icon["html"]).group(1)
            out[gid] = icon
    return out


@pytest.mark.parametrize("kind", ["county", "board", "flood"])
def test_the_scale_is_metric_only(maps, kind):
    html = maps[kind]
    assert "L.control.scale({imperial: false, metric: true" in html
    assert "L.control.scale()" not in html  # folium's own, with miles and feet
    assert "imperial: true" not in html


@pytest.mark.parametrize("kind", ["county", "board", "flood"])
def test_the_wheel_zooms_only_after_a_click(maps, kind):
    html = maps[kind]
    assert '"scrollWheelZoom": false' in html
    enable = html.index("map.scrollWheelZoom.enable()")
    assert html.rindex('addEventListener("pointerdown"', 0, enable) > enable - 200
    assert re.search(r'"mouseleave", function \(\) \{\s*map\.scrollWheelZoom\.disable\(\)', html)
    assert json.dumps(CooperativeScroll.HINT) in html  # the hint, as the script writes it


def test_every_map_from_the_base_gets_scale_and_cooperative_wheel():
    html = layers.base_map([[26.1, 111.6], [26.8, 112.1]]).get_root().render()
    assert '"scrollWheelZoom": false' in html
    assert "L.control.scale({imperial: false" in html


@pytest.mark.parametrize("kind", ["county", "board", "flood"])
def test_a_label_per_grid_with_its_id_and_name(maps, store_frames, kind):
    found = labels(maps[kind])
    grids = store_frames["grids"]
    assert sorted(found) == sorted(grids["id"])
    for row in grids.itertuples():
        assert f'">{row.name}</span>' in found[row.id]["html"]
        zooms = re.search(r"dg-lz(\d+)", found[row.id]["className"]).group(1)
        assert 8 <= int(zooms) <= 18


@pytest.mark.full_county  # asserts what the whole demo county holds
def test_labels_show_from_their_zoom_and_the_names_after_the_ids(maps):
    found = labels(maps["county"])
    id_zoom = {g: int(re.search(r"dg-lz(\d+)", v["className"]).group(1)) for g, v in found.items()}
    name_zoom = {g: int(re.search(r"dg-nz(\d+)", v["html"]).group(1)) for g, v in found.items()}
    assert all(name_zoom[g] >= id_zoom[g] for g in found)
    # the seat's small urban grids need a closer look than the rural ones
    assert min(id_zoom[f"G0{k}"] for k in range(1, 7)) > min(id_zoom.values())
    css = maps["county"]
    assert ".dg-grid-label{display:none}" in css
    assert ".dg-zge11 .dg-lz11{display:block}" in css
    assert 'box.classList.toggle("dg-zge" + k, zoom >= k)' in css


@pytest.mark.full_county  # asserts what the whole demo county holds
def test_member_and_job_symbols_differ_in_shape_and_colour(maps):
    html = maps["board"]
    status = {c.lower() for c in STATUS_COLOURS.values()}
    priority = {c.lower() for c in PRIORITY_HEX.values()}
    assert not status & priority
    members = re.findall(r'dg-member\\" style=\\"background:(#[0-9a-f]{6})', html)
    assert members
    assert set(members) <= status  # diamonds, in status colours only
    jobs = {f["properties"]["style"]["fillColor"] for f in job_circles(html)}
    assert jobs == priority  # circles, in priority colours only (the demo has every priority)


def test_the_legend_explains_every_badge(maps):
    html = maps["board"]
    icons = [icon["html"] for icon in div_icons(html) if "html" in icon] + [
        f["properties"]["html"] for f in geojson_features(html) if "html" in f["properties"]
    ]
    assert any('class="dg-stop"' in i for i in icons)  # route stop numbers on the map
    assert any('class="dg-calls"' in i for i in icons)  # outage call counts on the map
    legend = re.search(r'box\.innerHTML = (".*?");\n', html).group(1)
    body = json.loads(legend)
    assert re.search(r'class="dg-stop"[^<]*>2</div></span>stop number on a member', body)
    calls = '<div class="dg-calls"><i class="fa-solid fa-phone"></i>3</div></span>outage calls'
    assert calls in body
    for text in ("available", "en route", "on site", "off duty", "priority 1", "priority 4"):
        assert text in body
    county = json.loads(re.search(r'box\.innerHTML = (".*?");\n', maps["county"]).group(1))
    assert "outage calls on this job" in county


@pytest.mark.full_county  # asserts what the whole demo county holds
def test_hostile_grid_and_member_names_are_escaped(store_frames):
    grids = store_frames["grids"].copy()
    grids.loc[grids["id"] == "G01", "name"] = f"{HOSTILE}`<b>x</b>\\"
    members = store_frames["members"].copy()
    staff = members.index[members["kind"] == "staff"][0]
    members.loc[staff, "name"] = f"{HOSTILE}`"
    jobs = store_frames["jobs"]
    hostile = dataclasses.replace(jobs[0], member_name=f"{HOSTILE}`")
    frames = {**store_frames, "jobs": [hostile, *jobs[1:]]}
    html = board_html(frames, grids=grids, members=members)
    assert HOSTILE not in html
    assert "(window.__x=1)}`" not in html
    shown = "&#36;{(window.__x=1)}&#96;"  # as text, in the label and the tooltips
    assert shown in job_circles(html)[0]["properties"]["tip"]  # the job's member
    assert "&#36;{(window.__x=1)}&#96;&lt;b&gt;x&lt;/b&gt;&#92;" in labels(html)["G01"]["html"]
