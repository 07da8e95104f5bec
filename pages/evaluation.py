"""Monthly evaluation (issue #8)."""

from ui.coming import coming

coming(
    "Monthly evaluation 月度考评",
    "The 1 + n + x roster, fusion indicators, grid rankings and record quality.",
    8,
)
