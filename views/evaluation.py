"""Monthly evaluation: grid ranking on service, production, marketing and fusion
indicators with editable weights, members' scores with the leader's review, customer-
record quality, trends, exports. The parts live in ui/evaluation*.py."""

import streamlit as st

from i18n import N_, Words, _
from ui import auth, data, evaluation, evaluation_views, keys

#: The page's views, by the name its widget keeps, in words.
VIEWS = Words(
    {
        "Grid ranking": N_("Grid ranking"),
        "Members": N_("Members"),
        "Record quality": N_("Record quality"),
        "Trends": N_("Trends"),
    }
)

auth.require("views/evaluation.py")

st.title(_("Monthly evaluation"))
span = evaluation.months(data.store_label())
if not span:
    st.info(_("The store holds no requests yet: there is nothing to evaluate."))
    st.stop()
month = st.selectbox(
    _("Month (China Standard Time)"), span, index=min(1, len(span) - 1), key=keys.EVALUATION_MONTH
)
weights = evaluation_views.weights_editor()
figures = evaluation.month(month)
views = list(VIEWS)
view = (
    st.segmented_control(
        _("View"), views, default=views[0], format_func=VIEWS.__getitem__, key=keys.EVALUATION_VIEW
    )
    or views[0]
)
if view == "Grid ranking":
    evaluation_views.ranking(figures, weights)
elif view == "Members":
    evaluation_views.members(figures)
elif view == "Record quality":
    evaluation_views.quality(figures, span)
else:
    evaluation_views.trends(span)
st.divider()
evaluation_views.exports(figures, weights, span)
