"""The app's frame shared by every page: navigation and the sidebar."""

from __future__ import annotations

import logging
import secrets
import traceback

import streamlit as st

import i18n
from dispatch.errors import DualGridError
from dispatch.privacy import scrub
from dispatch.roles import label, may_open
from i18n import N_, _
from ui import auth, data, keys, lang
from ui.assets import FONT_CSS, URL_PREFIX
from ui.format import md

LOG = logging.getLogger("dualgrid")

# Material Symbols ship with Streamlit (no emoji font needed on a control-room kiosk)
PAGES = {
    N_("Operations"): [
        ("views/county_map.py", N_("County map"), ":material/map:"),
        ("views/board.py", N_("Dispatch board"), ":material/assignment:"),
        ("views/flood.py", N_("Flood emergency"), ":material/flood:"),
        ("views/customers.py", N_("Customers"), ":material/person_search:"),
    ],
    N_("Planning and evaluation"): [
        ("views/planning.py", N_("Grid planning"), ":material/edit_location_alt:"),
        ("views/roster.py", N_("Roster 1 + n + x"), ":material/groups:"),
        ("views/evaluation.py", N_("Monthly evaluation"), ":material/leaderboard:"),
    ],
    N_("Data"): [
        ("views/county_data.py", N_("County in figures"), ":material/table_chart:"),
        ("views/audit.py", N_("Audit trail"), ":material/receipt_long:"),
        ("views/users.py", N_("Users"), ":material/key:"),
        ("views/onboarding.py", N_("Onboard a county"), ":material/upload_file:"),
    ],
    N_("In the field"): [
        ("views/field.py", N_("My tasks"), ":material/smartphone:"),
        ("views/field_report.py", N_("Report"), ":material/campaign:"),
        ("views/field_customer.py", N_("Customer records"), ":material/contact_phone:"),
        ("views/groups.py", N_("Work groups"), ":material/forum:"),
    ],
}


ONBOARD_PAGE = "views/onboarding.py"
SETTING_UP_SAID = N_(
    "No county is loaded in this store yet. An administrator signs in and onboards one from "
    "the utility's files (or runs `python -m store onboard`)."
)


def styles() -> None:
    """On every page: Chinese in the app's own font (no system font needed: the
    stylesheet gives Streamlit's families the Chinese characters, `ui.assets.font_css`),
    and the file uploader's own words — which Streamlit lets no app set — in the user's
    language."""
    fonts = f"@import url('{URL_PREFIX}/{FONT_CSS}');"
    if i18n.language() == i18n.ENGLISH:  # Streamlit's own words are English already
        st.html(f"<style>{fonts}</style>")
        return
    upload = _("Upload")
    limit = _("at most {mb} MB per file").format(mb=st.get_option("server.maxUploadSize"))
    drop = "[data-testid=stFileUploaderDropzone]"
    said = (
        f"{drop} button p{{font-size:0}}{drop} button p::after{{content:{_css(upload)};"
        "font-size:.875rem}"
        f"{drop} [data-testid=stFileUploaderDropzoneInstructions] span{{font-size:0}}"
        f"{drop} [data-testid=stFileUploaderDropzoneInstructions] span::after"
        f"{{content:{_css(limit)};font-size:.875rem}}"
    )
    st.html(f"<style>{fonts}{said}</style>")


def _css(text: str) -> str:
    """A CSS string holding ``text`` (quotes, backslashes and angle brackets escaped)."""
    escaped = "".join(c if c.isalnum() or c in " .,()" else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def navigation() -> st.Page:
    """The pages the signed-in user's role may open, by section; only the sign-in page
    before that. Each page checks the role again (a URL typed by hand included). A store
    or layers the app cannot run on are named first, with what to run."""
    trouble = data.problem()
    setting_up = bool(trouble) and data.awaiting_county()
    if trouble and not setting_up:
        st.error(trouble, icon=":material/database:")
        st.stop()
    auth.revalidate()
    user = auth.current()
    if user is None:
        if setting_up:
            st.info(_(SETTING_UP_SAID), icon=":material/database:")
        return st.navigation([st.Page(auth.login_page, title=_("Sign in"), icon=":material/key:")])
    if setting_up:  # a store with its users and no county: only onboarding runs
        if not may_open(user.role, ONBOARD_PAGE):
            st.warning(_(SETTING_UP_SAID), icon=":material/database:")
            st.stop()
        title, icon = _("Onboard a county"), ":material/upload_file:"
        return st.navigation([st.Page(ONBOARD_PAGE, title=title, icon=icon)])
    mine = auth.pages_for(user)
    sections = {
        _(section): [
            st.Page(path, title=_(title), icon=icon, default=(path == "views/county_map.py"))
            for path, title, icon in pages
            if path in mine
        ]
        for section, pages in PAGES.items()
    }
    return st.navigation({k: v for k, v in sections.items() if v})


def run(page: st.Page) -> None:
    """Run a page; a problem the user can act on is shown as a message, never a traceback.
    Anything else is logged (personal numbers masked) under a reference the user can
    quote; the store's writes are all or nothing, so nothing was half-saved."""
    try:
        page.run()
    except DualGridError as exc:
        st.error(str(exc), icon=":material/warning:")
    except Exception as exc:
        reference = secrets.token_hex(3).upper()
        trace = "".join(traceback.format_exception(exc))
        LOG.error("unexpected error %s on %s:\n%s", reference, page.title, scrub(trace))
        st.error(
            _(
                "Something went wrong on this page ({kind}, reference {reference} in the "
                "server log). Nothing was half-saved: every change to the store is all or "
                "nothing. Try again; if it persists, tell the administrator the reference."
            ).format(kind=type(exc).__name__, reference=reference),
            icon=":material/warning:",
        )


def sidebar() -> None:
    """The language switch, who is signed in, which county and store the app runs on,
    and the demo notice."""
    with st.sidebar:
        lang.switch()
        st.markdown("### ⚡ DualGrid")
        st.caption(_("Dispatch and planning for dual-grid (1 + n + x) power service"))
        user = auth.current()
        if user is not None:
            role = label(user.role) + (f", {user.grid_id}" if user.grid_id else "")
            st.caption(
                _("Signed in: **{name}** ({role})").format(name=md(user.display_name), role=role)
            )
            st.button(_("Sign out"), on_click=auth.sign_out, key=keys.AUTH_SIGN_OUT)
        auth.keep_cookie()
        try:
            meta = data.store_meta()
            counts = data.counts()
        except DualGridError as exc:
            st.error(str(exc))
            return
        except Exception as exc:
            st.error(
                _(
                    "The store cannot be read ({kind}). Run `make run`, which builds and "
                    "loads the demo, or set DUALGRID_DB."
                ).format(kind=type(exc).__name__)
            )
            return
        if not counts.get("members"):
            st.warning(
                _(
                    "The store is empty: an administrator onboards a county (Onboard a "
                    "county), or `make run` loads the demo county into it."
                )
            )
            return
        st.caption(_("Store: `{store}`").format(store=data.store_label()))
        if meta.get("demo_notice"):
            st.info(
                _(
                    "Demo county: synthetic data shaped on public facts about Qiyang. "
                    "No real person or customer is in it."
                ),
                icon=":material/info:",
            )
