"""Grid planning (issue #7)."""

from ui.coming import coming

coming(
    "Grid planning 网格规划",
    "Redraw service grids from transformer districts: balanced, contiguous, compact.",
    7,
)
