"""The map works offline: every asset is served by the app, no tile server by default."""

from __future__ import annotations

import re

import folium
import folium.plugins
import pandas as pd
import pytest

from store import queries
from store.db import make_engine
from ui import assets, layers

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
    layers.jobs_layer(jobs).add_to(m)
    html = m.get_root().render()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
