"""What dispatch needs of a road network: travel times between points.

`geo.network.RoadNetwork` is one; dispatch depends only on this method, so a test
can pass any object that has it (and dispatch does not import the road network).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray


class TravelTimes(Protocol):
    """Seconds by road between (lon, lat) points."""

    def travel_times(
        self,
        origins: Sequence[tuple[float, float]],
        destinations: Sequence[tuple[float, float]],
        /,
    ) -> NDArray[np.float64]:
        """Seconds from each origin (rows) to each destination (columns); ``inf`` where
        no road connects."""
        ...
