"""Onboarding into a store: one transaction into an empty store, a second county
refused, the command's summary and its problems (exit 2, nothing written)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, inspect, select

from store import schema as s
from store.__main__ import main
from store.db import make_engine
from store.load import StoreOccupiedError
from store.onboard import onboard
from tests.onboard_county import copy_county, make_county


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_county(tmp_path_factory.mktemp("onboard") / "raw")
    declared = json.loads((folder / "onboarding.json").read_text("utf-8"))
    declared["grid_households"] = [1500, 3500]
    (folder / "onboarding.json").write_text(json.dumps(declared, ensure_ascii=False), "utf-8")
    return folder


def test_the_county_lands_whole_and_a_second_is_refused(raw: Path, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    done = onboard(engine, raw, tmp_path / "county", cache_dir=tmp_path / "cache")
    assert done.loaded
    with engine.connect() as conn:
        tables = ("districts", "grids", "members", "customers", "service_windows")
        count = {t: conn.scalar(select(func.count()).select_from(getattr(s, t))) for t in tables}
        leaders = conn.execute(
            select(s.members.c.grid_id, func.count())
            .where(s.members.c.role == "leader")
            .group_by(s.members.c.grid_id)
        ).all()
        bounds = dict(conn.execute(select(s.meta.c.key, s.meta.c.value)).all())
    assert count == {"districts": 40, "grids": len(done.county.layers["grids"]), "members": 28,
                     "customers": 200, "service_windows": 2}  # fmt: skip
    assert sorted(n for _g, n in leaders) == [1] * count["grids"]  # one leader per grid
    assert (bounds["grid_households_min"], bounds["grid_households_max"]) == ("1500", "3500")
    grids = done.county.layers["grids"]
    assert grids["households"].between(1500, 3500).all()
    # the same county again changes nothing (a second later: the folder written from the
    # files holds the time, the county is known by its files); another is refused
    time.sleep(1.1)
    assert not onboard(engine, raw, tmp_path / "county", cache_dir=tmp_path / "cache").loaded
    other = tmp_path / "other"
    make_county(other, transformers=30, seed=9)
    with pytest.raises(StoreOccupiedError):
        onboard(engine, other, tmp_path / "county2", cache_dir=tmp_path / "cache")


def test_the_command_summarises_or_lists_every_problem(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert (
        main(["onboard", str(raw), "--out", str(tmp_path / "county"), "--check", "--db", db]) == 0
    )
    said = capsys.readouterr().out
    assert "districts 40" in said
    assert "checked, nothing written" in said
    assert not (tmp_path / "county").exists()
    assert main(["onboard", str(raw), "--check", "--db", db]) == 0  # no folder to name
    assert "checked, nothing written" in capsys.readouterr().out
    assert main(["onboard", str(raw), "--db", db]) == 2
    assert "--out FOLDER" in capsys.readouterr().err
    bad = copy_county(raw, tmp_path / "bad")
    frame = pd.read_excel(bad / "transformers.xlsx", dtype=str)
    frame.loc[3, "户数"] = "很多"
    frame.to_excel(bad / "transformers.xlsx", index=False)
    assert main(["onboard", str(bad), "--out", str(tmp_path / "county"), "--db", db]) == 2
    err = capsys.readouterr().err
    assert "transformers.xlsx, row 5, households: “很多” is not a number" in err
    assert "nothing written" in err
    assert "Traceback" not in err
    assert not (tmp_path / "county").exists()
    assert "members" not in inspect(make_engine(db)).get_table_names()  # the store untouched
