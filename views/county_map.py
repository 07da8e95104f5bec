"""County map: grids, stations, windows, members and open requests; a grid's roster."""

import streamlit as st

from i18n import _
from ui import auth, county_map, data

auth.require("views/county_map.py")

st.title(_("County map"))
folder = str(data.data_folder())
assignment = data.district_grids()
shapes = data.grid_shapes(folder, tuple(zip(assignment["id"], assignment["grid_id"], strict=True)))
grid_table = data.grids()
jobs = data.open_jobs()
members = data.member_positions()

a, b, c, d = st.columns(4)
a.metric(_("Service grids"), len(grid_table))
b.metric(_("Households"), f"{int(grid_table['households'].sum()):,}")
c.metric(
    _("Staff on duty"),
    int(((members["kind"] == "staff") & (members["status"] != "off_duty")).sum()),
)
d.metric(
    _("Open requests"),
    len(jobs),
    help=_("Jobs not yet done; outage calls from one district count once."),
)

left, right = st.columns([2.6, 1.4], gap="medium")
with left:
    county_map.show_map(folder, shapes, grid_table)
with right:
    county_map.show_roster(grid_table)
