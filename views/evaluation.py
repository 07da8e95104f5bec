"""Monthly evaluation: grid ranking on service, production, marketing and fusion
indicators with editable weights, members' scores with the leader's review, customer-
record quality, trends, exports. The parts live in ui/evaluation*.py."""

import streamlit as st

from i18n import _
from ui import auth, data, evaluation, evaluation_views, keys

auth.require("views/evaluation.py")

st.title(_("Monthly evaluation"))
span = evaluation.months(data.store_label())
if not span:
    st.info("The store holds no requests yet: there is nothing to evaluate.")
    st.stop()
month = st.selectbox(
    "Month (China Standard Time)", span, index=min(1, len(span) - 1), key=keys.EVALUATION_MONTH
)
weights = evaluation_views.weights_editor()
figures = evaluation.month(month)
views = ["Grid ranking", "Members", "Record quality", "Trends"]
view = st.segmented_control("View", views, default=views[0], key=keys.EVALUATION_VIEW) or views[0]
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
