"""A big button that asks the phone where it is: one tap, the browser's geolocation
(the member consents in the browser's own prompt), and the fix — or why there is none —
comes back to the page once, with a key made at the tap so that a resend is one fix.
Streamlit has no widget for this; a components-v2 element, all inline, nothing fetched."""

from __future__ import annotations

from typing import Any, Final

import streamlit as st

_HTML: Final = '<button type="button" class="dg-geo"></button>'
_CSS: Final = """
.dg-geo { width: 100%; min-height: 3rem; border: 0; border-radius: .5rem;
  font: inherit; font-size: 1rem; cursor: pointer;
  background: var(--st-primary-color, #0b6e4f); color: #fff; }
.dg-geo:disabled { opacity: .6; cursor: progress; }
"""
_JS: Final = """
export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  const button = parentElement.querySelector("button.dg-geo");
  button.textContent = data.label;
  button.disabled = false;
  button.onclick = () => {
    button.disabled = true;
    button.textContent = data.waiting;
    const key = (self.crypto && crypto.randomUUID) ? crypto.randomUUID()
      : Date.now().toString(36) + Math.random().toString(36).slice(2);
    const give = (fix) => {
      setTriggerValue("fix", Object.assign({ key: key }, fix));
      // ready again soon: a page that stays (a refused report) can be tapped once more
      setTimeout(() => { button.disabled = false; button.textContent = data.label; }, 2500);
    };
    if (!navigator.geolocation) { give({ error: "unavailable" }); return; }
    navigator.geolocation.getCurrentPosition(
      (p) => give({ lat: p.coords.latitude, lon: p.coords.longitude,
                    accuracy: p.coords.accuracy }),
      (e) => give({ error: e.code === 1 ? "denied" : "unavailable" }),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  };
}
"""

_BUTTON = st.components.v2.component("dualgrid_geo_button", html=_HTML, css=_CSS, js=_JS)

_WATCH_JS: Final = """
export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  parentElement.querySelector("p.dg-watch").textContent = data.label;
  if (parentElement.dgTimer) { clearInterval(parentElement.dgTimer); }
  const ask = () => {
    if (!navigator.geolocation) { return; }
    navigator.geolocation.getCurrentPosition(
      (p) => setTriggerValue("fix", { key: (self.crypto && crypto.randomUUID)
          ? crypto.randomUUID() : Date.now().toString(36) + Math.random().toString(36),
        lat: p.coords.latitude, lon: p.coords.longitude, accuracy: p.coords.accuracy }),
      () => {}, { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 });
  };
  parentElement.dgTimer = setInterval(ask, data.every * 1000);
  ask();
}
"""
_WATCH = st.components.v2.component(
    "dualgrid_geo_watch", html='<p class="dg-watch"></p>',
    css=".dg-watch { margin: 0; font-size: .875rem; opacity: .75; }", js=_WATCH_JS,
)  # fmt: skip


def geo_watch(label: str, *, every_s: int, key: str) -> dict[str, Any] | None:
    """The phone's position now and every ``every_s`` while shown ({key, lat, lon,
    accuracy}, once each), else None; ``label`` says that it is shared."""
    result = _WATCH(data={"label": label, "every": every_s}, key=key, on_fix_change=lambda: None)
    fix = result.fix if hasattr(result, "fix") else None
    return fix if isinstance(fix, dict) else None


def geo_button(label: str, waiting: str, *, key: str) -> dict[str, Any] | None:
    """The fix of this run's tap ({key, lat, lon, accuracy} or {key, error}), else None."""
    result = _BUTTON(data={"label": label, "waiting": waiting}, key=key, on_fix_change=lambda: None)
    fix = result.fix if hasattr(result, "fix") else None
    return fix if isinstance(fix, dict) else None
