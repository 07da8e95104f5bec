"""The maps' colours and marks can be told apart, also with colour blindness, and the grid
labels are placed where they fit."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import shapely

from ui.map_controls import fit_zoom, text_px
from ui.map_style import PRIORITY_HEX, STATUS_COLOURS, esc, ink

#: Machado, Oliveira & Fernandes (2009), full severity, on linear RGB.
VISION = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
         [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
         [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
         [0.004733, 0.691367, 0.303900]]
    ),
}  # fmt: skip
SRGB_TO_XYZ = np.array(
    [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
)
WHITE = np.array([0.95047, 1.0, 1.08883])


def linear(colour: str) -> np.ndarray:
    c = np.array([int(colour[k : k + 2], 16) for k in (1, 3, 5)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(rgb_linear: np.ndarray) -> np.ndarray:
    xyz = (SRGB_TO_XYZ @ np.clip(rgb_linear, 0, 1)) / WHITE
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def distance(a: str, b: str, vision: str = "normal") -> float:
    """CIE76 ΔE between two colours as seen with ``vision`` (about 2.3 is just noticeable;
    above 15 two marks are told apart at a glance)."""
    m = VISION[vision]
    return float(np.linalg.norm(lab(m @ linear(a)) - lab(m @ linear(b))))


def test_the_distance_sees_what_it_should():
    """The check itself: red and green merge for a deuteranope, not for normal vision;
    today's en route and priority-2 oranges were nearly the same."""
    assert distance("#d62728", "#2ca02c") > 60
    assert distance("#d62728", "#2ca02c", "deuteranopia") < 25
    assert distance("#f9a825", "#f69730") < 12


def test_no_member_status_colour_is_a_priority_colour():
    assert not set(STATUS_COLOURS.values()) & set(PRIORITY_HEX.values())
    for status, priority in itertools.product(STATUS_COLOURS.values(), PRIORITY_HEX.values()):
        assert distance(status, priority) > 30, (status, priority)


@pytest.mark.parametrize("vision", list(VISION))
@pytest.mark.parametrize("palette", [STATUS_COLOURS, PRIORITY_HEX], ids=["status", "priority"])
def test_each_palette_tells_its_values_apart(palette, vision):
    """No two statuses (or priorities) look alike, also with each colour blindness: no
    red/green-only distinction inside a palette."""
    for a, b in itertools.combinations(palette.values(), 2):
        assert distance(a, b, vision) > 15, (a, b, vision)


def test_badge_numbers_read_on_their_colour():
    assert ink("#000075") == "#ffffff"
    assert ink("#ffe119") == "#000000"
    assert ink("#bfef45") == "#000000"


def test_esc_makes_text_safe_for_html_and_template_strings():
    assert esc("${(window.__x=1)}`\\<b>") == "&#36;{(window.__x=1)}&#96;&#92;&lt;b&gt;"
    assert esc(None) == "—"


def test_a_label_shows_from_the_zoom_at_which_it_fits_its_grid():
    """A 10 km square at 26.5° N is ~73 px wide at zoom 10 and ~146 px at zoom 11: a label
    100 px wide fits from zoom 11, one 40 px wide from zoom 10."""
    lat, lon = 26.5, 111.9
    half_lon = 5_000 / (111_320 * np.cos(np.radians(lat)))
    half_lat = 5_000 / 110_574
    square = shapely.box(lon - half_lon, lat - half_lat, lon + half_lon, lat + half_lat)
    centre = shapely.Point(lon, lat)
    assert fit_zoom(square, centre, 100, 30) == 11
    assert fit_zoom(square, centre, 40, 17) == 10
    assert fit_zoom(square, shapely.Point(lon + half_lon * 0.95, lat), 40, 17) > 11
    assert text_px("下马渡第一网格") > text_px("G04") * 2
