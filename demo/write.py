"""Write the demo county's geography to files (read back by `geo.layers`)."""

from __future__ import annotations

from pathlib import Path

from demo.county import County
from geo.graphml import write_graphml
from geo.layers import LAYERS, ROADS_GRAPHML, ROADS_MAP, TERRAIN, road_lines, write_geojson


def write_county(county: County, out: Path) -> list[Path]:
    """Write every layer, the road graph (GraphML) and the terrain; returns the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for layer in LAYERS:
        path = out / f"{layer}.geojson"
        write_geojson(getattr(county, layer), path)
        written.append(path)
    path = out / ROADS_MAP
    write_geojson(road_lines(county.roads), path, precision=5)
    written.append(path)
    path = out / ROADS_GRAPHML
    write_graphml(county.roads, path)
    written.append(path)
    path = out / TERRAIN
    county.terrain.save(path)
    written.append(path)
    return written
