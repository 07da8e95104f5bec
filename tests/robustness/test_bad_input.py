"""Bad input: every malformed or hostile file or field gets a clear message naming what
is wrong, and the store is left exactly as it was. Text that gets in (a description is
free text) is shown escaped."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
import shapely
from shapely.geometry import mapping

from dispatch.errors import DualGridError
from dispatch.privacy import id_number_problem, phone_problem
from dispatch.roster_io import RosterError, read_roster
from dispatch.tasks import TaskStop, task_page
from geo.flood import FloodAreaError, areas_from_geojson
from geo.partition_io import PartitionInputError, read_units
from i18n import CHINESE, using
from store.board import clock
from store.db import make_engine
from store.intake import StoreLocator, import_file
from store.queries import counts
from ui.layers import esc

from .test_load import HEAD

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SEAT = (111.86, 26.59)  # inside the county


@pytest.fixture
def store(demo_db, demo_dir):
    engine = make_engine(demo_db)
    return engine, StoreLocator.from_folder(engine, demo_dir)


def stamp(engine) -> str:
    now = clock(engine).now() - timedelta(minutes=5) + timedelta(hours=8)
    return now.isoformat(timespec="seconds") + "+08:00"


def refused(store, content, name, message, figure=None):
    engine, locator = store
    before = counts(engine)
    with pytest.raises(DualGridError) as caught:
        import_file(engine, content, name, locator, by="robustness")
    assert message in str(caught.value), str(caught.value)
    assert counts(engine) == before
    return str(caught.value)


@pytest.mark.parametrize(
    ("case", "content", "name", "message"),
    [
        ("binary garbage", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "orders.csv", "not UTF-8"),
        ("empty file", b"   \n", "orders.csv", "empty"),
        ("wrong header", b"a,b,c\n1,2,3\n", "orders.csv", "order_no"),
        ("broken JSON line", b'{"order_no": "A1", "channel": \n', "orders.jsonl", "not valid JSON"),
        ("oversized", b"x" * (5 * 2**20 + 1), "orders.csv", "more than 5,242,880"),
    ],
)
def test_malformed_work_order_files(store, figure, case, content, name, message):
    text = refused(store, content, name, message)
    figure(f"bad input, {case}: refused, store unchanged — {text[:90]}")


def row(engine, **fields) -> str:
    base = {
        "order_no": "BAD-1",
        "channel": "95598",
        "received_at": stamp(engine),
        "type": "repair",
        "account_no": "",
        "lon": SEAT[0],
        "lat": SEAT[1],
        "description": "",
        "reporter": "",
        "phone": "",
    } | fields
    return HEAD + ",".join(str(base[k]) for k in HEAD.strip().split(",")) + "\n"


@pytest.mark.parametrize(
    ("case", "fields", "message"),
    [
        ("swapped lat/lon", {"lon": SEAT[1], "lat": SEAT[0]}, "swapped"),
        ("outside the county", {"lon": 113.0, "lat": 28.2}, "outside the county"),
        ("full-width phone", {"phone": "１３８１２３４５６７８"}, "full-width digits"),
        ("letters in the phone", {"phone": "call-me-maybe"}, "not a phone number"),
        ("unknown account", {"account_no": "9999999999", "lon": "", "lat": ""}, "account"),
        ("time without offset", {"received_at": "2026-11-26T09:00:00"}, "offset"),
    ],
)
def test_bad_rows_are_named(store, figure, case, fields, message):
    engine, _ = store
    text = refused(store, row(engine, **fields), "orders.csv", message)
    assert "row 2" in text or "row 1" in text
    figure(f"bad input, {case}: refused, store unchanged — {text[:100]}")


def test_a_path_like_file_name_is_only_shown_cut_to_its_last_part(store, figure):
    _engine, _ = store
    text = refused(store, b"a,b\n", "../../etc/passwd.csv", "passwd.csv")
    assert "../" not in text
    figure(f"bad input, path-like name: shown as {text.split(':')[0]!r}, nothing opened")


def test_hostile_text_is_stored_as_text_and_shown_escaped(store, figure):
    engine, locator = store
    result = import_file(
        engine,
        row(engine, description=XSS.replace(",", " "), reporter=XSS.replace(",", " ")),
        "x.csv",
        locator,
        by="robustness",
    )
    assert result.new == 1
    page = task_page(
        "M001", [TaskStop("J1", XSS, XSS, None, datetime(2026, 11, 27), "")], datetime(2026, 11, 27)
    )
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "<script>" not in esc(XSS)
    figure(
        "bad input, script and onerror payloads: stored as text; escaped in task sheets "
        "and map tooltips (no live tag)"
    )


def polygon(coords) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [coords]},
            }
        ],
    }


BOX = [[111.85, 26.58], [111.87, 26.58], [111.87, 26.60], [111.85, 26.60], [111.85, 26.58]]
BOWTIE = [[111.85, 26.58], [111.87, 26.60], [111.87, 26.58], [111.85, 26.60], [111.85, 26.58]]


@pytest.mark.parametrize(
    ("case", "content", "message"),
    [
        ("not JSON", b"{nope", "not GeoJSON"),
        (
            "GCJ-02 labelled",
            json.dumps(polygon(BOX) | {"crs": {"type": "name", "properties": {"name": "GCJ-02"}}}),
            "GCJ-02",
        ),
        ("BD-09 labelled", json.dumps(polygon(BOX) | {"coordinate_system": "bd09"}), "bd09"),
        (
            "a point, not an area",
            json.dumps({"type": "Point", "coordinates": list(SEAT)}),
            "polygon",
        ),
        (
            "outside the county",
            json.dumps(polygon([[113.0, 28.0], [113.1, 28.0], [113.1, 28.1], [113.0, 28.0]])),
            "outside",
        ),
    ],
)
def test_bad_flood_geojson(demo_dir, figure, case, content, message):
    outline = (
        shapely.from_geojson((demo_dir / "outline.geojson").read_text(encoding="utf-8"))
        if (demo_dir / "outline.geojson").exists()
        else None
    )
    with pytest.raises(FloodAreaError) as caught:
        areas_from_geojson(content, outline, "upload.geojson")
    assert message.lower() in str(caught.value).lower(), str(caught.value)
    figure(f"bad input, flood GeoJSON {case}: refused — {str(caught.value)[:100]}")


def test_a_refused_flood_file_is_explained_in_the_readers_language(demo_dir):
    gcj = json.dumps(polygon(BOX) | {"coordinate_system": "GCJ-02"})
    with using(CHINESE), pytest.raises(FloodAreaError) as caught:
        areas_from_geojson(gcj, None, "积水.geojson")
    assert str(caught.value).startswith("积水.geojson：文件声明坐标为 GCJ-02"), caught.value
    with using(CHINESE), pytest.raises(FloodAreaError) as caught:
        areas_from_geojson(json.dumps({"type": "Point", "coordinates": list(SEAT)}), None, "点")
    assert "点：第 0 个要素：这是 Point，不是区域" in str(caught.value), caught.value


def test_a_self_intersecting_area_is_repaired_not_refused(figure):
    (area,) = areas_from_geojson(json.dumps(polygon(BOWTIE)), None, "bowtie.geojson")
    assert area.is_valid
    assert area.area > 0
    figure(f"bad input, self-intersecting polygon: repaired into {area.geom_type}, valid")


@pytest.mark.parametrize(
    ("case", "mutate", "message"),
    [
        (
            "invalid polygon",
            lambda f: f[0].update(geometry=mapping(shapely.Polygon(BOWTIE))),
            "invalid polygon",
        ),
        (
            "duplicate id",
            lambda f: f[1]["properties"].update(id=f[0]["properties"]["id"]),
            "repeats feature 0",
        ),
        ("households missing", lambda f: f[0]["properties"].pop("households"), "households"),
    ],
)
def test_bad_partition_units(tmp_path, figure, case, mutate, message):
    features = [
        {
            "type": "Feature",
            "properties": {"id": f"u{k}", "households": 100},
            "geometry": mapping(shapely.box(111.8 + k * 0.01, 26.5, 111.81 + k * 0.01, 26.51)),
        }
        for k in range(3)
    ]
    mutate(features)
    path = tmp_path / "units.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    with pytest.raises(PartitionInputError) as caught:
        read_units(path)
    assert message in str(caught.value), str(caught.value)
    figure(f"bad input, partition units {case}: refused — {str(caught.value)[:90]}")


def test_units_labelled_gcj02_are_refused(tmp_path):
    path = tmp_path / "units.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "crs": "EPSG:4490 GCJ02",
                "features": [{"type": "Feature", "properties": {}}],
            }
        )
    )
    with pytest.raises(PartitionInputError, match="not WGS-84"):
        read_units(path)


@pytest.mark.parametrize(
    ("case", "number", "message"),
    [
        ("wrong length", "43112119900101123", "18 characters"),
        ("bad check digit", "431121199001011230", "check digit"),
        ("full-width digits", "４３１１２１１９９００１０１１２３Ｘ", "full-width"),
        ("impossible birth date", "431121199002301234", "does not exist"),
        ("letters", "43112119900101ABCD", "17 digits"),
    ],
)
def test_bad_id_numbers(figure, case, number, message):
    problem = id_number_problem(number)
    assert problem is not None
    assert message in problem
    figure(f"bad input, ID number {case}: {problem}")


def test_a_good_id_number_and_phones():
    # a valid number built with the MOD 11-2 check digit
    body = "43112119900101123"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    assert id_number_problem(body + check) is None
    assert phone_problem("13812345678", mobile=True) is None
    assert "11 digits" in phone_problem("1381234567", mobile=True)


def test_roster_with_hostile_and_bad_rows_changes_nothing(figure):
    text = "name,kind,role,grid,phone\n" + f"{XSS.replace(',', ' ')},staff,staff,G01,12\n"
    with pytest.raises(RosterError) as caught:
        read_roster(text.encode(), "roster.csv")
    assert caught.value.problems
    figure(f"bad input, roster row: refused — {caught.value.problems[0][:80]}")


def test_streamlit_is_pinned_at_a_version_without_known_advisories(figure):
    from importlib.metadata import version

    from packaging.version import Version

    pinned = next(
        line.split("==")[1].strip()
        for line in (__import__("pathlib").Path(__file__).resolve().parents[2] / "requirements.txt")
        .read_text()
        .splitlines()
        if line.startswith("streamlit==")
    )
    assert Version(pinned) >= Version("1.54")
    assert version("streamlit") == pinned
    figure(f"streamlit pinned at {pinned} (>= 1.54), installed {version('streamlit')}")
