"""Grid planning: edit a working plan (automatic partition, painting, locks), compare
plans side by side, save plans and make one live. The parts live in ui/planning*.py."""

import streamlit as st

from i18n import N_, Words, _
from ui import auth, data, keys, planning, planning_compare, planning_edit, planning_saved

auth.require("views/planning.py")

st.title(_("Grid planning"))
st.caption(
    _(
        "Grids from transformer districts: contiguous, one station each, within the "
        "household bounds, compact, and close to today's grids."
    )
)
folder = str(data.data_folder())
lo, hi = planning.bounds()
views = {
    "Edit": planning_edit.show,
    "Compare": planning_compare.show,
    "Saved plans": planning_saved.show,
}
#: The views by their codes (the segmented control's values), as the planner reads them.
VIEWS = Words({"Edit": N_("Edit"), "Compare": N_("Compare"), "Saved plans": N_("Saved plans")})
view = (
    st.segmented_control(
        _("View"),
        list(views),
        default="Edit",
        key=keys.PLANNING_PANE,
        format_func=VIEWS.__getitem__,
    )
    or "Edit"
)
if view == "Edit":
    with st.expander(_("Automatic plan"), expanded=False):
        planning.auto_plan(folder, planning.working(folder), lo, hi)
views[view](folder, lo, hi)
