"""The evaluation page's views: the grid ranking with its weights and a grid's drill-down,
members' scores with the leader's review, customer-record quality, trends, exports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dispatch.evaluation import BY_KEY, CONTRIBUTION, CONTRIBUTION_LABELS, GROUPS, INDICATORS
from i18n import _, _n
from store import evaluation as store_eval
from store.errors import StoreError
from ui import auth, data, evaluation, keys, lang, state
from ui.evaluation import header, member_rows, member_table, shown
from ui.format import md
from ui.workbook import line_chart_png, workbook


def _mine(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows of the grids the signed-in user may see (a grid leader: their own)."""
    values = frame[column].dropna().astype(str)
    allowed = set(auth.own_grids(sorted({g for v in values for g in v.split(", ")})))
    return frame[frame[column].astype(str).map(lambda v: bool(set(v.split(", ")) & allowed))]


def weights_editor() -> dict[str, float]:
    """The ranking's weights: the saved ones, changed here for this view or saved."""
    saved = evaluation.weights()
    with st.expander(_("Weights of the ranking 权重"), expanded=False):
        chosen: dict[str, float] = {}
        cols = st.columns(len(GROUPS))
        for col, group in zip(cols, GROUPS, strict=True):
            col.markdown(f"**{GROUPS[group]}**")
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
            _(
                "A grid scores 100 on an indicator when it is the best grid that month and 0 "
                "when it is the worst; its score is the weighted mean over the indicators it "
                "has values for. Changes apply to this view at once."
            )
        )
        if st.button(
            _("Save as the county's weights"), key=keys.EVALUATION_SAVE_WEIGHTS,
            disabled=not auth.can("weights"), help=auth.why_not("weights"),
        ) and auth.allowed("weights"):  # fmt: skip
            try:
                store_eval.save_weights(data.engine(), chosen, by=auth.username())
            except StoreError as exc:
                st.error(_("Not saved: {error}").format(error=md(exc)))
            else:
                st.success(_("Weights saved."), icon=":material/check_circle:")
                st.toast(_("Weights saved."), icon=":material/check_circle:")
    return chosen


def ranking(m: evaluation.Month, w: dict[str, float]) -> None:
    table = evaluation.ranked(m, w)
    if table["score"].isna().all():
        st.info(_("No records to rank grids on in {month}.").format(month=m.month))
        return
    st.dataframe(
        shown(evaluation.ranking_table(table, _("grid"))), hide_index=True, width="stretch"
    )
    scores = table.set_index("grid_id")["score"].rename(_("score")).rename_axis(_("grid"))
    st.bar_chart(scores, height=220)
    grid = st.selectbox(
        _("Drill down into a grid"),
        auth.own_grids(list(table["grid_id"])),
        key=keys.EVALUATION_GRID,
        format_func=data.grid_label,
    )
    mine = evaluation.display(m.indicators).loc[grid]
    median = evaluation.display(m.indicators).median().round(1)
    st.dataframe(
        shown(pd.DataFrame({grid: mine, _("county median"): median}).rename_axis(_("indicator"))),
        width="stretch",
    )
    people = m.members[m.members["grids"].str.contains(grid, regex=False, na=False)]
    st.caption(
        _n(
            "{n} member on {grid}'s roster in {month}",
            "{n} members on {grid}'s roster in {month}",
            len(people),
        ).format(n=len(people), grid=data.grid_label(grid), month=m.month)
    )
    st.dataframe(shown(member_table(member_rows(people))), hide_index=True, width="stretch")


def members(m: evaluation.Month) -> None:
    grids = auth.own_grids(
        sorted({g for gs in m.members["grids"].dropna() for g in gs.split(", ")})
    )
    if not grids:
        st.info(_("No one was on a roster in {month}.").format(month=m.month))
        return
    grid = st.selectbox(
        _("Grid"), grids, key=keys.EVALUATION_MEMBERS_GRID, format_func=data.grid_label
    )
    people = m.members[m.members["grids"].str.contains(grid, regex=False, na=False)]
    notes = store_eval.reviews(data.engine(), m.month).set_index("member_id")
    rows = member_rows(people)
    rows["rating"] = notes["rating"].reindex(rows.index).astype("Int64")
    rows["note"] = notes["note"].reindex(rows.index)
    table = member_table(rows).rename(
        columns={"rating": _("leader's rating"), "note": _("leader's note")}
    )
    st.dataframe(shown(table), hide_index=True, width="stretch")
    points = _(", ").join(f"{CONTRIBUTION_LABELS[k]} {v}" for k, v in CONTRIBUTION.items())
    st.caption(
        _(
            "Contribution points: {points}. A member who moved grids this month is listed "
            "in each, scored over the month."
        ).format(points=points)
    )
    gen = st.session_state.get(keys.EVALUATION_REVIEW_GENERATION, 0)
    with st.form(keys.evaluation_review_form(gen)):
        st.markdown(_("**The grid leader's review**"))
        a, b = st.columns([1, 1])
        who = a.selectbox(
            _("Member"), list(rows.index), key=keys.evaluation_review_who(grid, gen),
            format_func=lambda i: str(rows.loc[i, "member"]),
        )  # fmt: skip
        ratings: list[str | int] = ["—", 1, 2, 3, 4, 5]
        rating = b.select_slider(
            _("Rating"), ratings, value="—", key=keys.evaluation_review_rating(gen)
        )
        note = st.text_area(
            _("Note"), max_chars=store_eval.NOTE_MAX, key=keys.evaluation_review_note(gen)
        )
        pressed = st.form_submit_button(
            _("Save review"), disabled=not auth.can("review"), help=auth.why_not("review")
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
        below.error(_("Not saved: {error}. What you typed is kept.").format(error=md(exc)))
        return
    st.session_state[keys.EVALUATION_REVIEW_GENERATION] = gen + 1
    named = md(rows.loc[who, "member"])
    state.flash(
        keys.EVALUATION_REVIEW,
        "success",
        _("Review of {member} for {month} saved.").format(member=named, month=m.month),
    )
    st.rerun()


def quality(m: evaluation.Month, span: list[str]) -> None:
    st.dataframe(
        shown(evaluation.quality_table(m.quality, m.month)), hide_index=True, width="stretch"
    )
    st.caption(
        _(
            "At the month's end: verified phone = accounts whose phone a member verified; "
            "prepaid = accounts on prepaid purchase; customers per staff member = accounts ÷ "
            "staff on the grid's roster on the last day."
        )
    )
    trend = quality_trend(span)
    st.line_chart(trend[[_("verified phone (%)"), _("prepaid (%)")]], height=240)
    st.bar_chart(trend[_("contracts signed")], height=200)


def quality_trend(span: list[str]) -> pd.DataFrame:
    """The county's record quality per month, under the user's headings."""
    rows = {}
    for name in reversed(span):
        q = evaluation.month(name).quality
        n = q["customers"].sum()
        rows[name] = {
            _("verified phone (%)"): round(
                100 * (q["phone_verified_share"] * q["customers"]).sum() / n, 1
            ),
            _("prepaid (%)"): round(100 * (q["prepaid_share"] * q["customers"]).sum() / n, 1),
            _("contracts signed"): int(q["contracts_signed"].sum()),
            _("customers per staff member"): round(n / max(q["staff"].sum(), 1)),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(_("month"))


def trends(span: list[str]) -> pd.DataFrame:
    """County means of every indicator per month, and one indicator per grid."""
    rows = {}
    for name in reversed(span):
        rows[name] = evaluation.values(evaluation.month(name).indicators).mean().round(1)
    county = pd.DataFrame.from_dict(rows, orient="index").rename_axis(_("month"))
    key = st.selectbox(
        _("Indicator"), list(county.columns), format_func=header, key=keys.EVALUATION_TREND
    )
    st.caption(BY_KEY[key].formula)
    grids = st.multiselect(
        _("Grids beside the county mean"),
        list(evaluation.month(span[0]).indicators.index),
        max_selections=6,
        key=keys.EVALUATION_TREND_GRIDS,
        format_func=data.grid_label,
    )
    lines = county[[key]].rename(columns={key: _("county mean")})
    for g in grids:
        lines[g] = [
            evaluation.values(evaluation.month(n).indicators).loc[g, key] for n in lines.index
        ]
    st.line_chart(lines, height=300)
    return county.rename(columns=header)


def exports(m: evaluation.Month, w: dict[str, float], span: list[str]) -> None:
    weights_table = pd.DataFrame(
        [
            {
                _("indicator"): i.label,
                _("group"): GROUPS[i.group],
                _("weight"): w[i.key],
                _("better"): _("higher") if i.higher_is_better else _("lower"),
                _("formula"): i.formula,
            }
            for i in INDICATORS
        ]
    )
    # a grid leader's workbook holds their own grid only
    ranking = _mine(evaluation.ranked(m, w), "grid_id")
    quality = _mine(m.quality.reset_index(), "grid_id").set_index("grid_id")
    people = _mine(m.members.dropna(subset=["grids"]), "grids")
    sheets = {
        _("ranking"): evaluation.ranking_table(ranking, _("grid_id")),
        _("members"): member_table(member_rows(people), file=True),
        _("record quality"): evaluation.quality_table(quality, m.month),
        _("weights"): weights_table,
    }
    a, b, c = st.columns(3)
    a.download_button(
        _("Evaluation as Excel"),
        lang.carried(lambda: workbook(sheets)),
        f"evaluation-{m.month}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )
    b.download_button(
        _("Record-quality chart (PNG)"),
        lang.carried(
            lambda: line_chart_png(
                quality_trend(span)[[_("verified phone (%)"), _("prepaid (%)")]],
                _("Customer records, county"),
                _("share of accounts (%)"),
            )
        ),
        f"record-quality-{m.month}.png",
        mime="image/png",
        on_click="ignore",
    )
    c.download_button(
        _("Grid scores chart (PNG)"),
        lang.carried(
            lambda: line_chart_png(
                evaluation.ranked(m, w)
                .set_index("grid_id")[["score"]]
                .rename(columns={"score": _("score")}),
                _("Grid scores {month}").format(month=m.month),
                _("score (0-100)"),
            )
        ),
        f"grid-scores-{m.month}.png",
        mime="image/png",
        on_click="ignore",
    )
