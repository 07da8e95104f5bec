"""The flood situation from the store: what the water cuts, the surge triaged, the
surge planned, and the report for the county's emergency headquarters."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import pandas as pd
from sqlalchemy import Engine

from dispatch.board import BoardJob, Snapshot
from dispatch.clock import CHINA_OFFSET
from dispatch.domain import member_label
from dispatch.lifecycle import status_label
from dispatch.live import DEFAULT_MOVES, BoardProblem, build_problem
from dispatch.plan import Plan
from dispatch.readable import clock_time
from dispatch.restoration import RESTORED_TYPES, OnSite
from dispatch.solver import SolveParams, solve
from dispatch.surge import FloodArea, Triage, surge_adjust, triage
from dispatch.text import markdown_text
from dispatch.travel import TravelTimes
from geo.flood import CRITICAL_KINDS, DISTRICT_STATES, ClosedRoads, Impact, assess
from i18n import N_, _, _n
from store import queries
from store.flood import areas as flood_areas
from store.snapshot import snapshot

#: The columns of the report's table of affected districts.
DISTRICT_COLUMNS: Final = (
    N_("district"),
    N_("grid"),
    N_("state"),
    N_("households"),
    N_("open jobs"),
    N_("first ETA"),
    N_("power back (est.)"),
)


@dataclass
class Situation:
    now: datetime
    areas: list[FloodArea]
    impact: Impact
    ranked: list[Triage]
    snapshot: Snapshot
    districts: pd.DataFrame  # every district: id, grid_id, households, name, lon, lat
    critical: pd.DataFrame  # every critical customer with its district

    @property
    def affected(self) -> dict[str, str]:
        return dict(zip(self.impact.districts["id"], self.impact.districts["state"], strict=True))


def bases(engine: Engine) -> list[tuple[float, float]]:
    """Where help comes from: station offices and service windows."""
    stations = queries.stations(engine)
    windows = queries.service_windows(engine)
    return list(zip(stations["office_lon"], stations["office_lat"], strict=True)) + list(
        zip(windows["lon"], windows["lat"], strict=True)
    )


def situation(engine: Engine, view: ClosedRoads, *, now: datetime | None = None) -> Situation:
    """``view``: the road network with the flood areas' roads closed."""
    snap = snapshot(engine, now)
    areas = flood_areas(engine)
    districts = queries.district_grids(engine)
    critical = queries.critical_customers(engine)
    members = queries.member_positions(engine)
    on_duty = members[members["status"] != "off_duty"]
    impact = assess(view, districts, critical, on_duty, bases(engine))
    affected = dict(zip(impact.districts["id"], impact.districts["state"], strict=True))
    by_district = critical.groupby("district_id")["name"].agg(list).to_dict()
    households = districts.set_index("id")["households"].to_dict()
    ranked = triage(snap, households, by_district, affected)
    return Situation(snap.now, areas, impact, ranked, snap, districts, critical)


def plan_surge(
    sit: Situation,
    view: TravelTimes,
    windows: list[tuple[float, float]],
    *,
    scope: str = "county",
    shift_h: float = 10.0,
    stage: bool = True,
    seconds: float = 20.0,
    on_progress: Callable[[int, float], None] | None = None,
    moves: frozenset[str] = DEFAULT_MOVES,
) -> tuple[BoardProblem, Plan, float]:
    """Plan the surge; returns the problem, the plan and the seconds taken end to end."""
    started = time.perf_counter()
    adjust = surge_adjust(
        sit.snapshot,
        sit.areas,
        sit.ranked,
        network=view,
        windows=windows if stage else (),
        shift_h=shift_h,
    )
    board = build_problem(
        sit.snapshot, scope=scope, network=view, time_limit=seconds, adjust=adjust, moves=moves
    )
    plan = solve(
        board.problem, SolveParams(time_limit=seconds), travel=board.travel, on_progress=on_progress
    )
    return board, plan, time.perf_counter() - started


def committed_etas(jobs: Sequence[BoardJob]) -> dict[str, datetime]:
    """Each committed job's ETA (naive UTC) from the committed routes."""
    return {j.id: j.eta for j in jobs if j.eta is not None}


def power_back(
    jobs: Sequence[BoardJob], etas: dict[str, datetime], on_site: OnSite | None
) -> datetime | None:
    """When a district's power should be back (naive UTC): the last of its open repairs'
    and outages' estimated finish, each the crew's arrival (recorded once on site, else
    the ETA) plus the on-site time such jobs took in the county's history; None while
    one of them has no crew coming or no history, or none is open."""
    restored = [j for j in jobs if j.type in RESTORED_TYPES]
    if on_site is None or not restored:
        return None
    backs = []
    for j in restored:
        arrival = _arrival(j, etas)
        back = None if arrival is None else on_site.finish(j.type, j.area_class, arrival)
        if back is None:
            return None
        backs.append(back.at)
    return max(backs)


def _arrival(job: BoardJob, etas: dict[str, datetime]) -> datetime | None:
    """The crew's arrival: recorded once on site, else the ETA."""
    return job.on_site_at or etas.get(job.id)


def report(
    engine: Engine,
    sit: Situation,
    since: datetime,
    etas: dict[str, datetime] | None = None,
    on_site: OnSite | None = None,
) -> dict[str, Any]:
    """The figures of the situation report; first ETAs from the committed routes unless
    ``etas`` are given; each district's power back estimated with ``on_site``."""
    jobs = snapshot(engine).jobs
    etas = committed_etas(jobs) if etas is None else etas
    affected = sit.affected
    hit = sit.districts[sit.districts["id"].isin(affected)]
    outage_open = {j.district_id for j in jobs if j.type in {"outage", "repair"}}
    isolated = {d for d, st in affected.items() if st == "flooded"}
    dark = hit[hit["id"].isin(outage_open | isolated)]
    restored = queries.restored_outages(engine, since, sorted(affected))
    by_grid = (
        pd.crosstab(
            pd.Series([j.grid_id for j in jobs], name="grid_id"),
            pd.Series([str(j.status) for j in jobs], name="status"),
        )
        if jobs
        else pd.DataFrame()
    )
    in_district: dict[str, list[BoardJob]] = {}
    for j in jobs:
        in_district.setdefault(j.district_id, []).append(j)
    district_eta = []
    for d in hit.itertuples():
        here = in_district.get(d.id, [])
        mine = [etas[j.id] for j in here if j.id in etas]
        back = power_back(here, etas, on_site)
        district_eta.append(
            {
                "district": d.id,
                "name": d.name,
                "grid": d.grid_id,
                "state": affected[d.id],
                "households": int(d.households),
                "open jobs": len(in_district.get(d.id, [])),
                "first ETA": min(mine) + CHINA_OFFSET if mine else None,
                "power back": back + CHINA_OFFSET if back else None,
                "no crew yet": sum(
                    j.type in RESTORED_TYPES and _arrival(j, etas) is None for j in here
                ),
            }
        )
    members = queries.member_positions(engine).set_index("id")
    stranded = pd.DataFrame(
        [
            {
                "member": m,
                "name": members.at[m, "name"] if m in members.index else m,
                "grid": members.at[m, "grid_id"] if m in members.index else "",
                "status": str(members.at[m, "status"]) if m in members.index else "",
            }
            for m in sit.impact.stranded
        ],
        columns=["member", "name", "grid", "status"],
    )
    cut = hit[hit["id"].map(affected) == "cut off"]
    cut_off = pd.DataFrame(
        {
            "district": cut["id"],
            "name": cut["name"],
            "grid": cut["grid_id"],
            "households": cut["households"].astype(int),
        }
    ).sort_values("households", ascending=False)
    return {
        "counts": dict(Counter(str(j.status) for j in jobs).most_common()),
        "stranded_members": stranded,
        "cut_off": cut_off,
        "households_dark": int(dark["households"].sum()),
        "households_flooded": sit.impact.households_flooded,
        "households_cut_off": sit.impact.households_cut_off,
        "critical": sit.impact.critical,
        "stranded": sit.impact.stranded,
        "closed_roads": len(sit.impact.closed_edges) // 2,
        "restored": restored,
        "by_grid": by_grid,
        "districts": pd.DataFrame(district_eta),
    }


def report_markdown(sit: Situation, figures: dict[str, Any]) -> str:
    """The report as Markdown for the emergency headquarters, in the user's language."""
    at = sit.now + CHINA_OFFSET
    f = figures
    restored = f["restored"]
    restored_hh = int(restored["households"].sum()) if len(restored) else 0
    states = _(", ").join(f"{status_label(k)} {v}" for k, v in sorted(f["counts"].items()))
    item = _("- {name} ({what}): {state}")
    none = [_("- none")]
    lines = [
        _("# Flood situation report — {time} (China Standard Time)").format(
            time=f"{at:%Y-%m-%d %H:%M}"
        ),
        "",
        _("## Flood areas"),
        *[item.format(name=_cell(a.name), what=a.id, state=_area_state(a)) for a in sit.areas],
        "",
        _("## In figures"),
        _("- Households under water: {flooded}; cut off: {cut_off}").format(
            flooded=f"{f['households_flooded']:,}", cut_off=f"{f['households_cut_off']:,}"
        ),
        _("- Households still without power: {n}").format(n=f"{f['households_dark']:,}"),
        _("- Road segments closed: {roads}; members stranded: {stranded}").format(
            roads=f"{f['closed_roads']:,}", stranded=len(f["stranded"])
        ),
        _("- Open work by state: {states}").format(states=states),
        _n(
            "- Outage and repair jobs finished since the flood began: {jobs}, {households} "
            "household restored",
            "- Outage and repair jobs finished since the flood began: {jobs}, {households} "
            "households restored",
            restored_hh,
        ).format(jobs=len(restored), households=f"{restored_hh:,}"),
        "",
    ]
    crit = figures["critical"]
    lines += [_("## Critical customers affected ({n})").format(n=len(crit))]
    lines += [
        item.format(
            name=_cell(r.name),
            what=CRITICAL_KINDS.get(r.kind, r.kind),
            state=DISTRICT_STATES.get(r.state, r.state),
        )
        for r in crit.itertuples()
    ] or none
    stranded = figures["stranded_members"]
    lines += ["", _("## Members stranded ({n})").format(n=len(stranded))]
    lines += [
        _("- {name} ({member}, {grid}): {status}").format(
            name=_cell(r.name), member=r.member, grid=r.grid, status=member_label(r.status)
        )
        for r in stranded.itertuples()
    ] or none
    cut = figures["cut_off"]
    cut_hh = int(cut["households"].sum())
    lines += [
        "",
        _n(
            "## Districts cut off ({n}, {households} household)",
            "## Districts cut off ({n}, {households} households)",
            cut_hh,
        ).format(n=len(cut), households=f"{cut_hh:,}"),
    ]
    lines += [
        _n(
            "- {name} ({district}, {grid}): {households} household",
            "- {name} ({district}, {grid}): {households} households",
            int(r.households),
        ).format(
            name=_cell(r.name), district=r.district, grid=r.grid, households=f"{r.households:,}"
        )
        for r in cut.itertuples()
    ] or none
    lines += [
        "",
        _("## Affected districts (first ETA)"),
        "",
        "| " + " | ".join(_(c) for c in DISTRICT_COLUMNS) + " |",
        "|---" * len(DISTRICT_COLUMNS) + "|",
    ]
    for r in figures["districts"].to_dict("records"):
        first = r["first ETA"]
        eta = clock_time(None if first is None or pd.isna(first) else first, at)
        back = r.get("power back")
        back_at = back_text(back, int(r.get("no crew yet", 0)), at)
        name = _cell(r["name"])
        state = DISTRICT_STATES.get(r["state"], r["state"])
        lines.append(
            f"| {name} | {r['grid']} | {state} | {r['households']:,} | {r['open jobs']} "
            f"| {eta} | {back_at} |"
        )
    return "\n".join(lines) + "\n"


def back_text(back: datetime | None, waiting: int, today: datetime) -> str:
    """A district's power back as the report says it: the time, or how many of its
    repairs and outages still have no crew (so no time can be given), or a dash."""
    if back is not None and not pd.isna(back):
        return clock_time(back, today)
    if waiting:
        return _n("{n} with no crew yet", "{n} with no crew yet", waiting).format(n=waiting)
    return clock_time(None, today)


def _cell(text: object) -> str:
    """A name in the Markdown report: no table or markup characters from the store."""
    return markdown_text(str(text).replace("|", "/"))


def _area_state(area: FloodArea) -> str:
    if area.kind == "closure":
        return _("road closure")
    return _("isolated (de-energised)") if area.isolated else _("live — repairs inside wait")
