"""The public facts the demo county is shaped on (../shared/facts/qiyang.md).

Everything here that the facts do not give — township seat positions, the river's
course between the named places, bridge sites, road exits — is an *approximate,
synthetic* placement, and is labelled so in the generated data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

COUNTY_NAME: Final = "祁阳市 Qiyang (synthetic demo)"
COUNTY_CODE: Final = "431181"
COUNTY_AREA_KM2: Final = 2538.0
SEAT_LONLAT: Final = (111.857, 26.586)
QI_CONFLUENCE_LONLAT: Final = (111.868, 26.590)
EXTENT_LONLAT: Final = (111.59, 26.03, 112.24, 26.85)

#: Water levels at the 祁阳 gauge, metres. The record (1976) and the 2017 forecast
#: are public; the warning level follows from "over 5 m above warning" in 2017.
#: The normal level is a synthetic assumption for the demo terrain.
GAUGE_NORMAL_M: Final = 79.5
GAUGE_WARNING_M: Final = 83.4
GAUGE_RECORD_M: Final = 88.51
GAUGE_2017_FORECAST_M: Final = (88.4, 88.8)

Kind = Literal["subdistrict", "town", "township"]


@dataclass(frozen=True, slots=True)
class Place:
    """A subdivision of the county with its (approximate) seat."""

    name: str
    name_en: str
    kind: Kind
    lon: float
    lat: float
    weight: float = 1.0  # relative rural population, for the synthetic households
    remote: bool = False  # mountain or forest area: the 120-minute repair norm
    on_river: bool = False


#: Urban subdistricts: together they are the urban customer centre's area.
SUBDISTRICTS: Final = (
    Place("龙山街道", "Longshan", "subdistrict", 111.845, 26.592),
    Place("长虹街道", "Changhong", "subdistrict", 111.872, 26.598),
    Place("浯溪街道", "Wuxi", "subdistrict", 111.862, 26.572),
)

#: Rural towns and townships; seat positions are approximate (not public).
RURAL_PLACES: Final = (
    Place("观音滩镇", "Guanyintan", "town", 111.720, 26.690, 1.1),
    Place("茅竹镇", "Maozhu", "town", 111.860, 26.755, 0.9),
    Place("三口塘镇", "Sankoutang", "town", 111.950, 26.730, 1.0),
    Place("大忠桥镇", "Dazhongqiao", "town", 111.720, 26.470, 1.1),
    Place("肖家镇", "Xiaojia", "town", 112.000, 26.665, 1.0),
    Place("八宝镇", "Babao", "town", 111.770, 26.370, 0.9),
    Place("白水镇", "Baishui", "town", 111.745, 26.548, 1.2, on_river=True),
    Place("进宝塘镇", "Jinbaotang", "town", 111.880, 26.470, 1.0),
    Place("黄泥塘镇", "Huangnitang", "town", 112.040, 26.470, 1.0),
    Place("羊角塘镇", "Yangjiaotang", "town", 112.070, 26.545, 0.9),
    Place("梅溪镇", "Meixi", "town", 111.900, 26.330, 1.0),
    Place("潘市镇", "Panshi", "town", 111.985, 26.592, 1.1, on_river=True),
    Place("七里桥镇", "Qiliqiao", "town", 111.990, 26.390, 0.9),
    Place("下马渡镇", "Xiamadu", "town", 112.100, 26.630, 1.0, on_river=True),
    Place("黎家坪镇", "Lijiaping", "town", 111.840, 26.680, 1.8),
    Place("文富市镇", "Wenfushi", "town", 111.975, 26.770, 0.8),
    Place("大村甸镇", "Dacundian", "town", 111.800, 26.265, 0.9),
    Place("文明铺镇", "Wenmingpu", "town", 112.075, 26.710, 0.9),
    Place("龚家坪镇", "Gongjiaping", "town", 111.685, 26.610, 1.0),
    Place("金洞镇", "Jindong", "town", 111.770, 26.780, 0.5, remote=True),
    Place("凤凰乡", "Fenghuang", "township", 111.935, 26.205, 0.6),
    Place("石鼓源乡", "Shiguyuan", "township", 112.055, 26.320, 0.6, remote=True),
    Place("晒北滩瑶族乡", "Shaibeitan Yao", "township", 111.860, 26.135, 0.4, remote=True),
)

#: The Xiang River's course, west to east, through approximate waypoints: it
#: enters from Lengshuitan, passes Baishui and the seat, and leaves downstream
#: towards Qidong. Points outside the county make sure it crosses the outline.
XIANG_WAYPOINTS: Final = (
    (111.50, 26.455),
    (111.640, 26.500),
    (111.745, 26.541),
    (111.810, 26.575),
    (111.857, 26.581),
    (111.900, 26.585),
    (111.985, 26.586),
    (112.060, 26.610),
    (112.100, 26.625),
    (112.330, 26.660),
)

#: The Qi River (祁水) comes from the north and joins the Xiang beside the seat.
QI_WAYPOINTS: Final = (
    (111.930, 26.870),
    (111.905, 26.760),
    (111.885, 26.680),
    (111.872, 26.630),
    QI_CONFLUENCE_LONLAT,
)

BridgeKind = Literal["dam", "road"]


@dataclass(frozen=True, slots=True)
class Bridge:
    """A road crossing of the Xiang (approximate site)."""

    name: str
    lon: float
    lat: float
    kind: BridgeKind = "road"


BRIDGES: Final = (
    Bridge("浯溪水电站坝桥 (G322 祁阳大道)", 111.893, 26.584, "dam"),
    Bridge("祁阳湘江大桥", 111.852, 26.581),
    Bridge("祁阳湘江二桥", 111.832, 26.578),
    Bridge("白水湘江大桥", 111.748, 26.543),
    Bridge("湘祁水电站坝桥", 112.085, 26.620, "dam"),
)

#: Where the main roads leave the county (approximate), used as route ends.
ROAD_EXITS: Final = {
    "g322_north": (111.885, 26.86),
    "g322_south": (111.905, 26.02),
    "to_lengshuitan": (111.58, 26.56),
    "to_qidong": (112.25, 26.66),
}
