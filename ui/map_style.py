"""The maps' visual vocabulary, in one place: what each kind of thing looks like, its
colours, and the legend that explains every mark.

- Members are **diamonds** coloured by status (green, blue, navy, white): cool colours
  and white, so that none is near a job's priority colour.
- Jobs are **circles** on a warm priority scale (red, orange, yellow, grey), urgent
  the most saturated.
- Badges differ in shape: a route's stop number is a **square** in the route's colour
  above the job; an outage's number of calls is a dark **pill with a phone** below it.

The palettes are checked by the tests for distance between and within them, also as
seen with the three kinds of colour blindness (tests/ui/test_map_style.py).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import pandas as pd

from dispatch.domain import MEMBER_LABELS, MemberStatus
from i18n import _
from ui.assets import FONT_CSS, URL_PREFIX

STATUS_COLOURS = {
    MemberStatus.AVAILABLE: "#43a047",
    MemberStatus.EN_ROUTE: "#1e88e5",
    MemberStatus.ON_SITE: "#1a237e",
    MemberStatus.OFF_DUTY: "#ffffff",
}
#: A member's status in words (in the user's language when read).
STATUS_LABELS = MEMBER_LABELS
#: Job priority (1 most urgent): a warm scale that no member status uses.
PRIORITY_HEX = {1: "#c62828", 2: "#f57c00", 3: "#fdd835", 4: "#9e9e9e"}
#: Glyph colour on a priority's fill (dark on the light fills).
PRIORITY_INK = {1: "#ffffff", 2: "#ffffff", 3: "#212121", 4: "#212121"}
JOB_OUTLINE = "#37474f"
OVERDUE_RING = "#000000"
WINDOW_COLOURS = ("#795548", "#ffffff")  # fill, border: brown, apart from every status
STATION_COLOUR = "#728224"  # awesome-markers' "darkgreen"
COMMUNITY_COLOURS = ("#ba68c8", "#6a1b9a")  # fill, border


def esc(value: object) -> str:
    """Text for HTML and for the JavaScript template strings folium writes tooltips into:
    HTML-escaped, with backtick, dollar sign and backslash as character references (a
    backtick would end the string, ``${...}`` would run, a backslash would escape), and
    missing values as an em dash."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    text = html.escape(str(value))
    return text.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def ink(colour: str) -> str:
    """Black or white text, whichever reads better on ``colour`` (#rrggbb)."""
    r, g, b = (int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 0.6 else "#ffffff"


# ---- symbols (HTML of our own making; only colours and numbers go in) ----------------


def member_icon(colour: str, *, size: int = 11, edge: str = "#ffffff") -> str:
    """A member: a diamond in the status colour, white-edged."""
    return (
        f'<div class="dg-member" style="background:{colour};width:{size}px;height:{size}px;'
        f'border-color:{edge}"></div>'
    )


def community_icon() -> str:
    return member_icon(COMMUNITY_COLOURS[0], size=7, edge=COMMUNITY_COLOURS[1])


def station_pin() -> str:
    """The legend's picture of a station's marker (an awesome-markers pin)."""
    return f'<i class="fa-solid fa-location-pin" style="color:{STATION_COLOUR};font-size:17px"></i>'


def job_icon(priority: int, glyph: str) -> str:
    """A job on the county map: a circle in its priority colour with its type's glyph."""
    return (
        f'<div class="dg-job" style="background:{PRIORITY_HEX[priority]};'
        f'color:{PRIORITY_INK[priority]}"><i class="fa-solid fa-{glyph}"></i></div>'
    )


def stop_badge(number: int | str, colour: str) -> str:
    return f'<div class="dg-stop" style="background:{colour};color:{ink(colour)}">{number}</div>'


def calls_badge(calls: int | str) -> str:
    return f'<div class="dg-calls"><i class="fa-solid fa-phone"></i>{calls}</div>'


def dot(colour: str, *, ring: str = JOB_OUTLINE, width: float = 1.5, size: int = 12) -> str:
    return (
        f'<span class="dg-dot" style="background:{colour};border:{width}px solid {ring};'
        f'width:{size}px;height:{size}px"></span>'
    )


def square(fill: str, border: str) -> str:
    return f'<span class="dg-square" style="background:{fill};border-color:{border}"></span>'


def line(colour: str, *, dash: bool = False) -> str:
    style = "dashed" if dash else "solid"
    return f'<span class="dg-line" style="border-top:4px {style} {colour}"></span>'


def area(fill: str, border: str) -> str:
    return f'<span class="dg-area" style="background:{fill};border-color:{border}"></span>'


# ---- legend ---------------------------------------------------------------------------

#: A legend section: a heading and (symbol HTML, label) rows; labels are escaped.
Section = tuple[str, Sequence[tuple[str, str]]]


def member_section(title: str | None = None) -> Section:
    rows = [(member_icon(STATUS_COLOURS[s]), STATUS_LABELS[s]) for s in MemberStatus]
    return title or _("Staff ◆ status"), rows


def priority_section(title: str | None = None) -> Section:
    def said(p: int) -> str:
        return (_("priority {p} (urgent)") if p == 1 else _("priority {p}")).format(p=p)

    return title or _("Jobs ● priority"), [(dot(c), said(p)) for p, c in PRIORITY_HEX.items()]


def places_section(*, stations: bool = True) -> Section:
    rows = [(station_pin(), _("power supply station"))] if stations else []
    return _("Places"), [*rows, (square(*WINDOW_COLOURS), _("service window"))]


def calls_section() -> Section:
    return _("Badges"), [(calls_badge(3), _("outage calls on this job"))]


def legend_html(
    sections: Iterable[Section], title: str | None = None, *, columns: int = 2, shown: bool = True
) -> str:
    """The legend's HTML: a collapsible box (open unless not ``shown``: a small map), its
    sections in ``columns`` columns."""
    title = title or _("Legend")
    blocks = "".join(
        f'<div class="dg-block"><div class="dg-sec">{esc(heading)}</div>'
        + "".join(
            f'<div class="dg-row"><span class="dg-sw">{symbol}</span>{esc(label)}</div>'
            for symbol, label in rows
        )
        + "</div>"
        for heading, rows in sections
    )
    summary = f"<summary>{esc(title)}</summary>"
    cols = f'<div class="dg-cols" style="columns:{int(columns)}">{blocks}</div>'
    return f"<details{' open' if shown else ''}>{summary}{cols}</details>"


#: The maps' text: Chinese in the app's own font (`ui.assets.font_css`), the rest as before.
SANS = "'Noto Sans SC',sans-serif"

CSS = (
    f"<style>@import url('{URL_PREFIX}/{FONT_CSS}');"
    ".leaflet-container{background:#eef1ec;"
    "font-family:'Noto Sans SC','Helvetica Neue',Arial,Helvetica,sans-serif;}"
    ".dg-legend{background:rgba(255,255,255,.94);padding:5px 9px;border-radius:6px;"
    f"font:12px/1.5 {SANS};box-shadow:0 1px 4px rgba(0,0,0,.3);color:#212121;"
    "max-height:60vh;overflow:auto;}"
    ".dg-legend .dg-cols{columns:2;column-gap:16px;font-size:11px;line-height:1.45;}"
    ".dg-legend .dg-block{break-inside:avoid;}"
    ".dg-legend i{display:inline-block;width:12px;height:12px;margin-right:6px;"
    "border-radius:50%;vertical-align:middle;}"
    ".dg-legend summary{font-weight:bold;cursor:pointer;}"
    ".dg-legend .dg-sec{font-weight:bold;color:#455a64;margin-top:3px;}"
    ".dg-legend .dg-row{display:flex;align-items:center;white-space:nowrap;}"
    ".dg-legend .dg-sw{display:inline-flex;justify-content:center;align-items:center;"
    "min-width:30px;margin-right:6px;}"
    ".dg-legend .dg-sw i{width:auto;height:auto;margin:0;border-radius:0;display:inline;}"
    ".dg-legend .dg-sw .dg-member{margin:2px;}"
    ".dg-member{transform:rotate(45deg);border:2px solid #fff;"
    "box-shadow:0 0 0 1px #263238,0 1px 3px rgba(0,0,0,.5);margin:1.5px;}"
    ".dg-dot{display:inline-block;border-radius:50%;box-sizing:border-box;}"
    ".dg-square{display:inline-block;width:11px;height:11px;border:2px solid;"
    "box-sizing:border-box;box-shadow:0 0 0 1px #3e2723;}"
    ".dg-line{display:inline-block;width:24px;height:0;}"
    ".dg-area{display:inline-block;width:18px;height:11px;border:2px solid;opacity:.85;}"
    ".dg-job{width:20px;height:20px;border-radius:50%;border:1.5px solid #37474f;"
    "box-sizing:border-box;display:flex;align-items:center;justify-content:center;"
    "font-size:10px;box-shadow:0 1px 3px rgba(0,0,0,.4);}"
    ".dg-stop{border-radius:3px;border:1.5px solid #fff;min-width:18px;height:18px;"
    f"box-sizing:border-box;padding:0 2px;font:bold 11px/15px {SANS};text-align:center;"
    "box-shadow:0 1px 3px rgba(0,0,0,.6);display:inline-block;}"
    ".dg-calls{display:inline-block;background:#263238;color:#fff;border:1.5px solid #fff;"
    "border-radius:9px;height:17px;box-sizing:border-box;padding:0 5px 0 4px;"
    f"font:bold 11px/14px {SANS};white-space:nowrap;box-shadow:0 1px 3px rgba(0,0,0,.6);}}"
    ".dg-calls i{font-size:8px;margin-right:3px;vertical-align:1px;}"
    ".dg-scroll-hint{position:absolute;left:50%;top:50%;transform:translate(-50%,-50%);"
    "z-index:1001;background:rgba(33,33,33,.82);color:#fff;padding:8px 14px;"
    f"border-radius:6px;font:14px/1.4 {SANS};pointer-events:none;opacity:0;"
    "transition:opacity .25s;white-space:nowrap;}"
    ".dg-scroll-hint.dg-show{opacity:1;}"
    "</style>"
)
