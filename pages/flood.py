"""Flood emergency mode (issue #6)."""

from ui.coming import coming

coming(
    "Flood emergency 防汛应急",
    "Flooded areas, closed roads, surge triage and cross-grid mobilisation.",
    6,
)
