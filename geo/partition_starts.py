"""Where the partitioner's search starts: regions grown from seeds, household-weighted
k-means made contiguous, and the current grids with grids added or removed; plus the
contiguity checks the search shares."""

from __future__ import annotations

from collections import deque

import numpy as np


def resize(
    label: np.ndarray,
    have: int,
    k: int,
    nb: list[list[int]],
    hh: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
) -> np.ndarray:
    """The current grids with grids added or removed to reach ``k``: a new grid starts at
    the unit of the heaviest grid farthest from its centre (the search then fills it from
    its neighbours); a grid removed goes, whole, to its lightest neighbour."""
    label = label.copy()
    while have < k:
        tot = np.bincount(label, weights=hh, minlength=have)
        g = int(np.argmax(tot))
        members = np.flatnonzero(label == g)
        w = np.maximum(hh[members], 1e-9)
        cx, cy = np.average(x[members], weights=w), np.average(y[members], weights=w)
        far = sorted(members, key=lambda u: -((x[u] - cx) ** 2 + (y[u] - cy) ** 2))
        seed = next((u for u in far if connected_without(set(members.tolist()), int(u), nb)), None)
        if seed is None:
            break
        label[seed] = have
        have += 1
    while have > k:
        tot = np.bincount(label, weights=hh, minlength=have)
        g = int(np.argmin(tot))
        near = {label[v] for u in np.flatnonzero(label == g) for v in nb[u]} - {g}
        if not near:
            break
        into = min(near, key=lambda r: tot[r])
        label[label == g] = into
        label[label == have - 1] = g  # keep labels 0 … have-2
        have -= 1
    return label


def kmeans_start(
    nb: list[list[int]],
    hh: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    k: int,
    rng: np.random.Generator,
) -> np.ndarray | None:
    """Household-weighted k-means, then made contiguous: each cluster keeps its largest
    connected piece; the other pieces join the adjacent cluster with the nearest centre."""
    n = len(hh)
    w = np.maximum(hh.astype(float), 1e-9)
    xy = np.column_stack((x, y))
    centres = [xy[rng.choice(n, p=w / w.sum())]]
    for _ in range(k - 1):  # k-means++ seeding
        d2 = np.min([((xy - c) ** 2).sum(1) for c in centres], axis=0) * w
        centres.append(xy[rng.choice(n, p=d2 / d2.sum())])
    c = np.asarray(centres)
    for _ in range(60):
        lab = np.argmin(((xy[:, None, :] - c[None]) ** 2).sum(-1), axis=1)
        if len(np.unique(lab)) < k:
            return None
        new = np.column_stack(
            [
                np.bincount(lab, weights=w * xy[:, d], minlength=k)
                / np.bincount(lab, weights=w, minlength=k)
                for d in (0, 1)
            ]
        )
        if np.allclose(new, c):
            break
        c = new
    label = np.full(n, -1)
    for r in range(k):
        parts = pieces(set(np.flatnonzero(lab == r).tolist()), nb)
        for member in parts[0]:
            label[member] = r
    while (label < 0).any():
        moved = False
        for u in np.flatnonzero(label < 0):
            near = {label[v] for v in nb[u] if label[v] >= 0}
            if near:
                label[u] = min(near, key=lambda r: (x[u] - c[r, 0]) ** 2 + (y[u] - c[r, 1]) ** 2)
                moved = True
        if not moved:
            return None  # an island no cluster touches
    return label


def pieces(members: set[int], nb: list[list[int]]) -> list[set[int]]:
    left = set(members)
    out = []
    while left:
        start = left.pop()
        piece, queue = {start}, deque([start])
        while queue:
            for v in nb[queue.popleft()]:
                if v in left:
                    left.discard(v)
                    piece.add(v)
                    queue.append(v)
        out.append(piece)
    return sorted(out, key=len, reverse=True)


def grow(
    nb: list[list[int]],
    hh: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    k: int,
    rng: np.random.Generator,
    fixed: dict[int, int] | None = None,
) -> np.ndarray:
    """Contiguous regions grown from spread-out seeds (farthest-point seeding on the
    household-weighted centroids); the lightest region takes its nearest free neighbour."""
    n = len(hh)
    fixed = fixed or {}
    seeds = [
        min(i for i, r in fixed.items() if r == region) for region in sorted(set(fixed.values()))
    ]
    if not seeds:
        seeds = [int(np.argmax(hh))]
    d = np.min([np.hypot(x - x[s], y - y[s]) for s in seeds], axis=0)
    while len(seeds) < k:
        s = int(np.argmax(d))
        seeds.append(s)
        d = np.minimum(d, np.hypot(x - x[s], y - y[s]))
    label = np.full(n, -1)
    totals = np.zeros(k)
    cx, cy = x[seeds].astype(float), y[seeds].astype(float)
    for r, s in enumerate(seeds):
        label[s] = r
        totals[r] = hh[s]
    for i, r in fixed.items():
        if label[i] < 0:
            label[i] = r
            totals[r] += hh[i]
    frontier: list[set[int]] = [set() for _ in range(k)]
    for placed in np.flatnonzero(label >= 0):
        frontier[label[placed]].update(nb[placed])
    left = int((label < 0).sum())
    while left > 0:
        order = np.argsort(totals)
        for r in order:
            free = [u for u in frontier[r] if label[u] < 0]
            frontier[r] = set(free)
            if free:
                u = min(free, key=lambda v: (x[v] - cx[r]) ** 2 + (y[v] - cy[r]) ** 2)
                label[u] = r
                totals[r] += hh[u]
                frontier[r].discard(u)
                frontier[r].update(v for v in nb[u] if label[v] < 0)
                left -= 1
                break
        else:
            # units no region can reach (an island): give each to the nearest region
            for u in np.flatnonzero(label < 0):
                label[u] = int(np.argmin((cx - x[u]) ** 2 + (cy - y[u]) ** 2))
            break
    return label


def connected_without(members: set[int], drop: int, nb: list[list[int]]) -> bool:
    rest = members - {drop}
    if not rest:
        return False
    start = next(iter(rest))
    seen = {start}
    queue = deque([start])
    while queue:
        for v in nb[queue.popleft()]:
            if v in rest and v not in seen:
                seen.add(v)
                queue.append(v)
    return len(seen) == len(rest)
