"""The evaluation page's views: the grid ranking with its weights and a grid's drill-down,
members' scores with the leader's review, customer-record quality, trends, exports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dispatch.evaluation import BY_KEY, CONTRIBUTION, INDICATORS
from store import evaluation as store_eval
from store.errors import StoreError
from ui import auth, data, evaluation, keys, state
from ui.format import md
from ui.workbook import line_chart_png, workbook

GROUPS = ("service", "production", "marketing", "fusion")


def _mine(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows of the grids the signed-in user may see (a grid leader: their own)."""
    values = frame[column].dropna().astype(str)
    allowed = set(auth.own_grids(sorted({g for v in values for g in v.split(", ")})))
    return frame[frame[column].astype(str).map(lambda v: bool(set(v.split(", ")) & allowed))]


def weights_editor() -> dict[str, float]:
    """The ranking's weights: the saved ones, changed here for this view or saved."""
    saved = evaluation.weights()
    with st.expander("Weights of the ranking 权重", expanded=False):
        chosen: dict[str, float] = {}
        cols = st.columns(len(GROUPS))
        for col, group in zip(cols, GROUPS, strict=True):
            col.markdown(f"**{group}**")
            for ind in (i for i in INDICATORS if i.group == group):
                chosen[ind.key] = col.number_input(
                    ind.label,
                    0.0,
                    100.0,
                    float(saved[ind.key]),
                    1.0,
                    key=keys.evaluation_weight(ind.key),
                    help=ind.formula,
                )
        st.caption(
            "A grid scores 100 on an indicator when it is the best grid that month and 0 "
            "when it is the worst; its score is the weighted mean over the indicators it "
            "has values for. Changes apply to this view at once."
        )
        if st.button(
            "Save as the county's weights", key=keys.EVALUATION_SAVE_WEIGHTS,
            disabled=not auth.can("weights"), help=auth.why_not("weights"),
        ) and auth.allowed("weights"):  # fmt: skip
            try:
                store_eval.save_weights(data.engine(), chosen, by=auth.username())
            except StoreError as exc:
                st.error(f"Not saved: {md(exc)}")
            else:
                st.success("Weights saved.", icon=":material/check_circle:")
                st.toast("Weights saved.", icon=":material/check_circle:")
    return chosen


def ranking(m: evaluation.Month, w: dict[str, float]) -> None:
    table = evaluation.ranked(m, w)
    if table["score"].isna().all():
        st.info(f"No records to rank grids on in {m.month}.")
        return
    st.dataframe(table, hide_index=True, width="stretch")
    st.bar_chart(table.set_index("grid_id")["score"], height=220)
    grid = st.selectbox(
        "Drill down into a grid", auth.own_grids(list(table["grid_id"])), key=keys.EVALUATION_GRID
    )
    mine = evaluation.display(m.indicators).loc[grid]
    median = evaluation.display(m.indicators).median()
    st.dataframe(
        pd.DataFrame({grid: mine, "county median": median}).rename_axis("indicator"),
        width="stretch",
    )
    people = m.members[m.members["grids"].str.contains(grid, regex=False, na=False)]
    st.caption(f"{len(people)} member(s) on {grid}'s roster in {m.month}")
    st.dataframe(_member_table(people), hide_index=True, width="stretch")


def _member_table(people: pd.DataFrame) -> pd.DataFrame:
    shown = people[
        [
            "member_id",
            "name",
            "kind",
            "role",
            "specialty",
            "grids",
            "days",
            "attended_hours",
            "scheduled_hours",
            "attendance_rate",
            "tasks_done",
            "on_time",
            "quality",
            "points",
        ]
    ].copy()
    for column in ("attendance_rate", "on_time", "quality"):
        shown[column] = (100 * shown[column]).round(1)
    return shown.rename(
        columns={
            "attendance_rate": "attendance (%)",
            "on_time": "on time (%)",
            "quality": "quality (%)",
        }
    )


def members(m: evaluation.Month) -> None:
    grids = auth.own_grids(
        sorted({g for gs in m.members["grids"].dropna() for g in gs.split(", ")})
    )
    if not grids:
        st.info(f"No one was on a roster in {m.month}.")
        return
    grid = st.selectbox("Grid", grids, key=keys.EVALUATION_MEMBERS_GRID)
    people = m.members[m.members["grids"].str.contains(grid, regex=False, na=False)]
    notes = store_eval.reviews(data.engine(), m.month).set_index("member_id")
    table = _member_table(people).set_index("member_id")
    table["leader's rating"] = notes["rating"].reindex(table.index)
    table["leader's note"] = notes["note"].reindex(table.index)
    st.dataframe(table.reset_index(), hide_index=True, width="stretch")
    st.caption(
        "Contribution points: "
        + ", ".join(f"{k} {v}" for k, v in CONTRIBUTION.items())
        + ". A member who moved grids this month is listed in each, scored over the month."
    )
    gen = st.session_state.get(keys.EVALUATION_REVIEW_GENERATION, 0)
    with st.form(keys.evaluation_review_form(gen)):
        st.markdown("**The grid leader's review**")
        a, b = st.columns([1, 1])
        who = a.selectbox(
            "Member", list(table.index), key=keys.evaluation_review_who(grid, gen),
            format_func=lambda i: f"{table.loc[i, 'name']} ({i})",
        )  # fmt: skip
        ratings: list[str | int] = ["—", 1, 2, 3, 4, 5]
        rating = b.select_slider(
            "Rating", ratings, value="—", key=keys.evaluation_review_rating(gen)
        )
        note = st.text_area(
            "Note", max_chars=store_eval.NOTE_MAX, key=keys.evaluation_review_note(gen)
        )
        pressed = st.form_submit_button(
            "Save review", disabled=not auth.can("review"), help=auth.why_not("review")
        )
        below = st.container()
    with below:
        state.shown_at(keys.EVALUATION_REVIEW)
    if not pressed or not auth.allowed("review"):
        return
    try:
        store_eval.save_review(
            data.engine(),
            who,
            m.month,
            rating=None if rating == "—" else int(rating),
            note=note,
            by=auth.username(),
        )
    except StoreError as exc:
        below.error(f"Not saved: {md(exc)}. What you typed is kept.")
        return
    st.session_state[keys.EVALUATION_REVIEW_GENERATION] = gen + 1
    state.flash(keys.EVALUATION_REVIEW, "success", f"Review of {who} for {m.month} saved.")
    st.rerun()


def quality(m: evaluation.Month, span: list[str]) -> None:
    q = m.quality.copy()
    for column in ("phone_verified_share", "prepaid_share"):
        q[column] = (100 * q[column]).round(1)
    q["customers_per_staff"] = q["customers_per_staff"].round()
    q = q.rename(
        columns={
            "phone_verified_share": "verified phone (%)",
            "contracts_signed": f"contracts signed in {m.month}",
            "contracts_total": "contracts in all",
            "prepaid_share": "prepaid (%)",
            "customers_per_staff": "customers per staff member",
        }
    )
    st.dataframe(q.reset_index(), hide_index=True, width="stretch")
    st.caption(
        "At the month's end: verified phone = accounts whose phone a member verified; "
        "prepaid = accounts on prepaid purchase; customers per staff member = accounts ÷ "
        "staff on the grid's roster on the last day."
    )
    trend = quality_trend(span)
    st.line_chart(trend[["verified phone (%)", "prepaid (%)"]], height=240)
    st.bar_chart(trend["contracts signed"], height=200)


def quality_trend(span: list[str]) -> pd.DataFrame:
    rows = {}
    for name in reversed(span):
        q = evaluation.month(name).quality
        n = q["customers"].sum()
        rows[name] = {
            "verified phone (%)": round(
                100 * (q["phone_verified_share"] * q["customers"]).sum() / n, 1
            ),
            "prepaid (%)": round(100 * (q["prepaid_share"] * q["customers"]).sum() / n, 1),
            "contracts signed": int(q["contracts_signed"].sum()),
            "customers per staff": round(n / max(q["staff"].sum(), 1)),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("month")


def trends(span: list[str]) -> pd.DataFrame:
    """County means of every indicator per month, and one indicator per grid."""
    rows = {}
    for name in reversed(span):
        rows[name] = evaluation.display(evaluation.month(name).indicators).mean()
    county = pd.DataFrame.from_dict(rows, orient="index").rename_axis("month")
    pick = st.selectbox("Indicator", list(county.columns), key=keys.EVALUATION_TREND)
    key = next(i.key for i in INDICATORS if pick.startswith(i.label))
    st.caption(BY_KEY[key].formula)
    grids = st.multiselect(
        "Grids beside the county mean",
        list(evaluation.month(span[0]).indicators.index),
        max_selections=6,
        key=keys.EVALUATION_TREND_GRIDS,
    )
    lines = county[[pick]].rename(columns={pick: "county mean"})
    for g in grids:
        lines[g] = [
            evaluation.display(evaluation.month(n).indicators).loc[g, pick] for n in lines.index
        ]
    st.line_chart(lines, height=300)
    return county


def exports(m: evaluation.Month, w: dict[str, float], span: list[str]) -> None:
    weights_table = pd.DataFrame(
        [
            {
                "indicator": i.label,
                "group": i.group,
                "weight": w[i.key],
                "better": "higher" if i.higher_is_better else "lower",
                "formula": i.formula,
            }
            for i in INDICATORS
        ]
    )
    # a grid leader's workbook holds their own grid only
    ranking = _mine(evaluation.ranked(m, w), "grid_id")
    quality = m.quality.reset_index()
    sheets = {
        "ranking": ranking,
        "members": _member_table(_mine(m.members.dropna(subset=["grids"]), "grids")),
        "record quality": _mine(quality, quality.columns[0]),
        "weights": weights_table,
    }
    a, b, c = st.columns(3)
    a.download_button(
        "Evaluation as Excel",
        lambda: workbook(sheets),
        f"evaluation-{m.month}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )
    b.download_button(
        "Record-quality chart (PNG)",
        lambda: line_chart_png(
            quality_trend(span)[["verified phone (%)", "prepaid (%)"]],
            "Customer records, county",
            "% of accounts",
        ),
        f"record-quality-{m.month}.png",
        mime="image/png",
        on_click="ignore",
    )
    c.download_button(
        "Grid scores chart (PNG)",
        lambda: line_chart_png(
            evaluation.ranked(m, w).set_index("grid_id")[["score"]],
            f"Grid scores {m.month}",
            "score (0-100)",
        ),
        f"grid-scores-{m.month}.png",
        mime="image/png",
        on_click="ignore",
    )
