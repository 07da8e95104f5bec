"""A long action's request survives a press whose callback did not run."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import streamlit as st

    from ui import keys, state

    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    pressed = st.button("Plan", key="plan")  # no on_click: as if the callback was lost
    state.pressed_without_callback(pressed, "work", lambda: ("settings", 10))
    st.write(f"asked: {st.session_state.get(keys.asked('work'))}")


def test_a_press_without_its_callback_still_asks_for_the_work(caplog):
    at = AppTest.from_function(_page).run()
    assert at.session_state["runs"] == 1
    assert at.markdown[0].value == "asked: None"
    at.button(key="plan").click().run()
    assert at.session_state["runs"] == 3  # the press's run, then the rerun that plans
    assert at.markdown[0].value == "asked: ('settings', 10)"
    assert "pressed but its callback did not run" in caplog.text
    at.run()  # once asked, a later run neither asks again nor reruns
    assert at.session_state["runs"] == 4
