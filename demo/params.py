"""Named, validated parameters of the demo county."""

from __future__ import annotations

from dataclasses import dataclass

from demo.places import COUNTY_AREA_KM2


class DemoParamsError(ValueError):
    """The demo parameters contradict each other."""


@dataclass(frozen=True, slots=True)
class DemoParams:
    """What the demo county is made of; the defaults follow the public facts."""

    seed: int = 431181
    area_km2: float = COUNTY_AREA_KM2
    urban_households: int = 78_000
    rural_households: int = 256_000
    urban_grids: int = 6
    rural_stations: int = 8
    grid_min_households: int = 12_000
    grid_max_households: int = 15_000
    urban_districts: int = 310
    rural_districts: int = 1_700
    urban_radius_m: float = 4_300.0
    dem_cell_m: float = 200.0

    def __post_init__(self) -> None:
        lo, hi = self.grid_min_households, self.grid_max_households
        if not 0 < lo < hi:
            msg = f"grid household bounds must satisfy 0 < min < max, got {lo}..{hi}"
            raise DemoParamsError(msg)
        if not self.urban_grids * lo <= self.urban_households <= self.urban_grids * hi:
            msg = (
                f"{self.urban_households} urban households cannot make {self.urban_grids} "
                f"grids of {lo}..{hi}"
            )
            raise DemoParamsError(msg)
        grids = self.rural_grid_count
        if not 2 * self.rural_stations <= grids <= 3 * self.rural_stations:
            msg = (
                f"{self.rural_households} rural households make {grids} grids, which "
                f"{self.rural_stations} stations of 2-3 grids cannot hold"
            )
            raise DemoParamsError(msg)
        if self.urban_districts < 3 * self.urban_grids or self.rural_districts < 10 * grids:
            msg = "too few transformer districts for the grids"
            raise DemoParamsError(msg)

    @property
    def rural_grid_count(self) -> int:
        """Rural grids needed so that each holds about the middle of the bounds."""
        middle = (self.grid_min_households + self.grid_max_households) / 2
        return max(1, round(self.rural_households / middle))

    @property
    def households(self) -> int:
        return self.urban_households + self.rural_households
