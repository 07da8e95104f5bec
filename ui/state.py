"""Session-state keys, named in one place: `page.thing`."""

from __future__ import annotations

from typing import Final

MAP_GRID: Final = "map.grid"  # the grid selected on the county map
MAP_LAST_CLICK: Final = "map.last_click"  # the last map click already handled
MAP_ONLINE_TILES: Final = "map.online_tiles"  # the online base map switch
