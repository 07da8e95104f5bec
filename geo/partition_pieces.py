"""A station's units in connected pieces (islands, enclaves, a town across a river with
no shared border): each piece is partitioned on its own, so no grid holds a detached
unit; a piece too small for a grid of its own is joined to the nearest other piece by a
declared link across the shortest gap, and every such compromise is named."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from i18n import _


@dataclass(frozen=True)
class Link:
    """A join across a gap: unit ``a`` of a small piece to unit ``b`` of another, their
    centres ``metres`` apart (the bridge, ferry or declared link it stands for)."""

    a: int
    b: int
    metres: float
    units: int  # of the piece joined
    households: int


def pieces(neighbours: list[list[int]], idx: list[int]) -> list[list[int]]:
    """The connected pieces of the units ``idx`` (global indices), largest first."""
    inside = set(idx)
    seen: set[int] = set()
    out: list[list[int]] = []
    for start in idx:
        if start in seen:
            continue
        seen.add(start)
        piece, queue = [], deque([start])
        while queue:
            u = queue.popleft()
            piece.append(u)
            for v in neighbours[u]:
                if v in inside and v not in seen:
                    seen.add(v)
                    queue.append(v)
        out.append(sorted(piece))
    return sorted(out, key=lambda p: (-len(p), p[0]))


def join_small(
    groups: list[list[int]],
    households: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    lo: int,
) -> tuple[list[list[int]], list[Link]]:
    """Join each piece holding fewer than ``lo`` households (too small for a grid of its
    own) to the piece nearest it, smallest first, until every piece can stand alone or
    one is left. Returns the pieces after joining and the links made."""
    groups = [list(g) for g in groups]
    links: list[Link] = []
    while len(groups) > 1:
        totals = [int(households[g].sum()) for g in groups]
        small = [k for k, t in enumerate(totals) if t < lo]
        if not small:
            break
        k = min(small, key=lambda s: (totals[s], len(groups[s]), groups[s][0]))
        piece = groups[k]
        others = [u for j, g in enumerate(groups) if j != k for u in g]
        tree = cKDTree(np.column_stack((x[others], y[others])))
        gap, near = tree.query(np.column_stack((x[piece], y[piece])))
        best = int(np.argmin(gap))
        a, b = piece[best], others[int(near[best])]
        links.append(Link(a, b, float(gap[best]), len(piece), totals[k]))
        target = next(j for j, g in enumerate(groups) if b in g)
        groups[target] = sorted(groups[target] + piece)
        del groups[k]
    return sorted(groups, key=lambda p: (-len(p), p[0])), links


def with_links(neighbours: list[list[int]], links: list[Link]) -> list[list[int]]:
    """The neighbour lists with each link added both ways."""
    out = [list(n) for n in neighbours]
    for link in links:
        out[link.a].append(link.b)
        out[link.b].append(link.a)
    return out


def piece_notes(ids: Sequence[str], groups: list[list[int]], links: list[Link]) -> list[str]:
    """The pieces and links of a station, in words (``ids`` names the units)."""
    notes = []
    if len(groups) > 1:
        notes.append(
            _("{n} pieces with no border between them, each made into grids of its own").format(
                n=len(groups)
            )
        )
    for link in links:
        notes.append(
            _(
                "a piece of {units} unit(s) and {households} households around {a} is too small "
                "for a grid of its own: joined to the grid of {b}, {km} km away (between "
                "centres), across the gap — a bridge, a ferry or a link to declare"
            ).format(
                units=link.units,
                households=f"{link.households:,}",
                a=ids[link.a],
                b=ids[link.b],
                km=f"{link.metres / 1000:.1f}",
            )
        )
    return notes
