"""Grids from units (../shared/formats/partition.md): contiguous, one station each,
locked units kept, households within bounds, compact, and — when asked — close to
the current grids.

Method, per station: split its units into connected pieces (`geo.partition_pieces`):
a piece too small for a grid of its own is joined to the nearest other by a declared
link, named in the result, and each piece is partitioned on its own, so no grid holds a
detached unit. Per piece: choose the number of grids the household bounds allow (the
current number when it fits); start from the current grids (``keep_current``)
or grow regions from spread-out seeds, always contiguous; then local search moves
one boundary unit at a time to a neighbouring grid when the move keeps both grids
contiguous, never moves a locked unit, and lowers the cost: bound violations
first, then household-weighted squared distance to the grid centre, then (with
``keep_current``) the households moved away from their current grid. Without
``keep_current``, more starts (k-means made contiguous) while the time lasts, and a
strategic oscillation at the end: the bounds go soft so boundaries can slide past a
grid at its limit, then hard again, keeping the result only when it is better.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from geo.partition_pieces import join_small, piece_notes, pieces, with_links
from geo.partition_starts import connected_without, grow, kmeans_start, resize
from i18n import _

BOUND_WEIGHT = 1e12  # per household outside the bounds: above any move or distance cost
BOUND_SQUARE_SCALE = 100.0  # households: where the squared term of a violation takes over
START_ATTEMPTS = 30  # k-means starts tried after region growing, while the budget lasts
OSCILLATION_WEIGHTS = (1e-3, 1e-2, 1e-1)  # soft bound weights, relative to a typical move
KEEP_WEIGHT = 1e8  # per household moved, with keep_current: above any compactness gain (m²)


@dataclass(frozen=True)
class Units:
    """Units as arrays: ids, households, metric centroids, station, current grid, locked,
    and neighbours (index lists)."""

    ids: list[str]
    households: np.ndarray
    x: np.ndarray
    y: np.ndarray
    station: list[str]
    current: list[str | None]
    locked: np.ndarray
    neighbours: list[list[int]]


@dataclass
class StationResult:
    station: str
    grids: int
    households: int
    problem: str | None = None  # why the bounds cannot hold there
    #: every other compromise: pieces, links across gaps, units above the maximum
    notes: list[str] = field(default_factory=list)
    #: the declared links that join a small piece to a grid: (unit id, unit id, metres)
    links: list[tuple[str, str, float]] = field(default_factory=list)


@dataclass
class Plan:
    grid: list[str]  # per unit
    stations: list[StationResult] = field(default_factory=list)
    seconds: float = 0.0

    def offending(self, units: Units, lo: int, hi: int) -> list[str]:
        totals: dict[str, int] = {}
        for g, h in zip(self.grid, units.households, strict=True):
            totals[g] = totals.get(g, 0) + int(h)
        return sorted(g for g, t in totals.items() if not lo <= t <= hi)


def grid_count(total: int, lo: int, hi: int, current: int | None = None) -> tuple[int, str | None]:
    """How many grids a station of ``total`` households makes, and, when no number of
    grids can keep every grid within the bounds, why."""
    if total == 0:
        return 0, None
    fewest, most = math.ceil(total / hi), total // lo
    if fewest <= most:
        if current is not None and fewest <= current <= most:
            return current, None
        return min(max(round(total / ((lo + hi) / 2)), fewest), most), None
    if most == 0:
        return 1, _("{total} households: fewer than the minimum of {lo} for one grid").format(
            total=f"{total:,}", lo=f"{lo:,}"
        )
    over, under = fewest - 1, fewest
    why = _(
        "{total} households cannot make grids of {lo}–{hi}: {over} grid(s) would hold "
        "{over_mean} on average (over {hi}), {under} only {under_mean} (under {lo})"
    ).format(
        total=f"{total:,}",
        lo=f"{lo:,}",
        hi=f"{hi:,}",
        over=over,
        over_mean=f"{total / over:,.0f}",
        under=under,
        under_mean=f"{total / under:,.0f}",
    )
    # the number of grids that leaves the fewest households outside the bounds
    return (over if total - over * hi <= under * lo - total else under), why


def partition(
    units: Units,
    lo: int,
    hi: int,
    *,
    keep_current: bool = False,
    time_limit: float = 10.0,
    seed: int = 0,
) -> Plan:
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    grid = [""] * len(units.ids)
    results = []
    stations = sorted(set(units.station))
    share = time_limit / max(1, len(stations))
    for station in stations:
        idx = [i for i, s in enumerate(units.station) if s == station]
        total = int(units.households[idx].sum())
        parts = pieces(units.neighbours, idx)
        groups, links = join_small(parts, units.households, units.x, units.y, lo)
        notes = piece_notes(units.ids, groups, links)
        notes += [
            _(
                "unit {unit} alone holds {households} households, over the maximum of {hi}: "
                "its grid is over the bounds"
            ).format(unit=units.ids[i], households=f"{int(units.households[i]):,}", hi=f"{hi:,}")
            for i in idx
            if units.households[i] > hi
        ]
        linked = replace(units, neighbours=with_links(units.neighbours, links)) if links else units
        label_of: dict[int, int] = {}
        grids, whys, offset = 0, [], 0
        for group in groups:
            part_total = int(units.households[group].sum())
            current = {c for c in (units.current[i] for i in group) if c}
            k, why = grid_count(
                part_total, lo, hi, len(current) if keep_current and current else None
            )
            if why:
                whys.append(
                    why
                    if len(groups) == 1
                    else _("the piece around {unit}: {why}").format(
                        unit=units.ids[group[0]], why=why
                    )
                )
            budget = share * len(group) / max(len(idx), 1)
            labels = _station(linked, group, k, lo, hi, keep_current, budget, rng)
            for i, lab in zip(group, labels, strict=True):
                label_of[i] = lab + offset
            offset += max(labels, default=-1) + 1
            grids += max(k, 1) if part_total else 1
        station_labels = [label_of[i] for i in idx]
        names = _names(units, idx, station_labels, station, keep_current)
        for i, lab in zip(idx, station_labels, strict=True):
            grid[i] = names[lab]
        problem = "; ".join(whys) if whys else None
        joins = [(units.ids[k.a], units.ids[k.b], k.metres) for k in links]
        results.append(StationResult(station, grids if total else 0, total, problem, notes, joins))
    return Plan(grid, results, time.perf_counter() - started)


def _names(
    units: Units, idx: list[int], labels: list[int], station: str, keep: bool
) -> dict[int, str]:
    """Grid ids: each new grid takes the current id most of its households had (ids kept),
    else a new one under the station."""
    names: dict[int, str] = {}
    used: set[str] = set()
    for i, lab in zip(idx, labels, strict=True):  # a locked unit keeps its grid's id
        cur = units.current[i]
        if units.locked[i] and cur and lab not in names and cur not in used:
            names[lab] = cur
            used.add(cur)
    by_label: dict[int, dict[str, float]] = {}
    for i, lab in zip(idx, labels, strict=True):
        cur = units.current[i]
        if cur:
            by_label.setdefault(lab, {}).setdefault(cur, 0.0)
            by_label[lab][cur] += float(units.households[i]) + 1e-6
    for lab in sorted(by_label, key=lambda lb: -max(by_label[lb].values())):
        if lab in names:
            continue
        for cur, _share in sorted(by_label[lab].items(), key=lambda kv: -kv[1]):
            if cur not in used:
                names[lab] = cur
                used.add(cur)
                break
    n = 1
    for lab in sorted(set(labels)):
        if lab not in names:
            while f"{station}-{n:02d}" in used:
                n += 1
            names[lab] = f"{station}-{n:02d}"
            used.add(names[lab])
    return names


def _station(
    units: Units,
    idx: list[int],
    k: int,
    lo: int,
    hi: int,
    keep: bool,
    budget: float,
    rng: np.random.Generator,
) -> list[int]:
    local = {g: n for n, g in enumerate(idx)}
    nb = [[local[j] for j in units.neighbours[g] if j in local] for g in idx]
    hh = units.households[idx].astype(float)
    x, y = units.x[idx], units.y[idx]
    locked = units.locked[idx]
    cur = [units.current[g] for g in idx]
    if k <= 1:
        return [0] * len(idx)
    label = None
    if keep and all(cur):
        present = [c for c in cur if c]  # all of them: every unit has a current grid
        names = sorted(set(present))
        label = resize(np.array([names.index(c) for c in present]), len(names), k, nb, hh, x, y)
    fixed: dict[int, int] = {}
    if label is None:
        # locked units of one current grid seed one region each, so that they stay together
        lock_names = sorted({c for c, lk in zip(cur, locked, strict=True) if lk and c})
        region = {name: r for r, name in enumerate(lock_names[:k])}
        fixed = {i: region[c] for i, c in enumerate(cur) if locked[i] and c in region}
        label = grow(nb, hh, x, y, k, rng, fixed)
    home = label.copy() if keep else None
    if keep and not all(cur):
        home = None
    deadline = time.perf_counter() + budget
    best = _improve(nb, hh, x, y, label, k, lo, hi, locked, home, budget)
    if home is not None or fixed:
        kept: list[int] = best.tolist()
        return kept
    # more starts while the budget lasts: weighted k-means made contiguous, a few seeds
    best_cost = _cost(best, hh, x, y, k, lo, hi)
    for attempt in range(START_ATTEMPTS):
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        start = kmeans_start(nb, hh, x, y, k, np.random.default_rng(attempt))
        if start is None:
            continue
        found = _improve(nb, hh, x, y, start, k, lo, hi, locked, None, left)
        cost = _cost(found, hh, x, y, k, lo, hi)
        if cost < best_cost:
            best, best_cost = found, cost
    final: list[int] = _oscillate(nb, hh, x, y, best, k, lo, hi, locked, deadline).tolist()
    return final


def _oscillate(
    nb: list[list[int]],
    hh: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    label: np.ndarray,
    k: int,
    lo: int,
    hi: int,
    locked: np.ndarray,
    deadline: float,
) -> np.ndarray:
    """Strategic oscillation: let the bounds go soft so that boundaries can slide past a
    grid that sits at its limit, then make them hard again; keep what is better."""
    best, best_cost = label, _cost(label, hh, x, y, k, lo, hi)
    scale = float(np.median(hh)) * float(np.var(x) + np.var(y)) / max(k, 1) / 100.0
    for soft in OSCILLATION_WEIGHTS:
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        loose = _improve(nb, hh, x, y, best, k, lo, hi, locked, None, left / 2, soft * scale)
        found = _improve(
            nb, hh, x, y, loose, k, lo, hi, locked, None, deadline - time.perf_counter()
        )
        cost = _cost(found, hh, x, y, k, lo, hi)
        if cost < best_cost:
            best, best_cost = found, cost
    return best


def _cost(
    label: np.ndarray, hh: np.ndarray, x: np.ndarray, y: np.ndarray, k: int, lo: int, hi: int
) -> float:
    w = np.maximum(hh, 1e-9)
    tot = np.bincount(label, weights=hh, minlength=k)
    sw = np.bincount(label, weights=w, minlength=k)
    cx = np.bincount(label, weights=w * x, minlength=k) / sw
    cy = np.bincount(label, weights=w * y, minlength=k) / sw
    spread = float((w * ((x - cx[label]) ** 2 + (y - cy[label]) ** 2)).sum())
    excess = np.maximum(lo - tot, 0).sum() + np.maximum(tot - hi, 0).sum()
    return BOUND_WEIGHT * float(excess) + spread


def _improve(
    nb: list[list[int]],
    hh: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    label: np.ndarray,
    k: int,
    lo: int,
    hi: int,
    locked: np.ndarray,
    home: np.ndarray | None,
    budget: float,
    bound_weight: float = BOUND_WEIGHT,
) -> np.ndarray:
    deadline = time.perf_counter() + budget
    label = label.copy()
    w = np.maximum(hh, 1e-9)
    tot = np.bincount(label, weights=hh, minlength=k)
    sx = np.bincount(label, weights=w * x, minlength=k)
    sy = np.bincount(label, weights=w * y, minlength=k)
    sw = np.bincount(label, weights=w, minlength=k)
    members = [set(np.flatnonzero(label == r).tolist()) for r in range(k)]

    def excess(t: float) -> float:
        e = max(0.0, lo - t) + max(0.0, t - hi)
        # linear: any violation first; squared: a move from a grid far over to one
        # just full still pays, so surplus flows on through full grids
        return e + e * e / BOUND_SQUARE_SCALE

    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        cx, cy = sx / sw, sy / sw
        for u in np.random.default_rng(len(hh)).permutation(len(hh)):
            if locked[u]:
                continue
            a = label[u]
            targets = {label[v] for v in nb[u]} - {a}
            if not targets:
                continue
            best, gain = None, 0.0
            for b in targets:
                before = excess(tot[a]) + excess(tot[b])
                after = excess(tot[a] - hh[u]) + excess(tot[b] + hh[u])
                dist = w[u] * (
                    (x[u] - cx[b]) ** 2
                    + (y[u] - cy[b]) ** 2
                    - (x[u] - cx[a]) ** 2
                    - (y[u] - cy[a]) ** 2
                )
                keep = 0.0
                if home is not None:
                    keep = KEEP_WEIGHT * hh[u] * (int(home[u] != b) - int(home[u] != a))
                delta = bound_weight * (after - before) + dist + keep
                if delta < gain - 1e-6:
                    best, gain = b, delta
            if best is None or not connected_without(members[a], u, nb):
                continue
            label[u] = best
            members[a].discard(u)
            members[best].add(u)
            for arr, val in ((tot, hh[u]), (sx, w[u] * x[u]), (sy, w[u] * y[u]), (sw, w[u])):
                arr[a] -= val
                arr[best] += val
            cx[a], cy[a] = sx[a] / sw[a], sy[a] / sw[a]
            cx[best], cy[best] = sx[best] / sw[best], sy[best] / sw[best]
            improved = True
            if time.perf_counter() > deadline:
                break
    return label


def compactness(units: Units, grid: Sequence[str]) -> dict[str, float]:
    """Household-weighted mean distance (m) from each unit to its grid's centre, per grid."""
    out = {}
    labels = np.asarray(grid)
    for g in sorted(set(grid)):
        m = labels == g
        w = units.households[m].astype(float)
        if w.sum() == 0:
            out[g] = 0.0
            continue
        cx, cy = np.average(units.x[m], weights=w), np.average(units.y[m], weights=w)
        out[g] = float(np.average(np.hypot(units.x[m] - cx, units.y[m] - cy), weights=w))
    return out
