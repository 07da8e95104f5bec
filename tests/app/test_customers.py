"""The customers page: a dispatcher finds a caller's record, masked, and shows the phone
in full with a reason (audited); a grid leader finds nobody outside their grid."""

from __future__ import annotations

from sqlalchemy import select

from store import schema as s
from store.db import make_engine
from store.users import User

from .conftest import open_page

DISPATCHER = User("wang", "王", "dispatcher")


def _someone(url: str):
    with make_engine(url).connect() as conn:
        return conn.execute(select(s.customers).order_by(s.customers.c.account_no)).first()


def _search(at, text: str):
    at.text_input(key="customers.text").set_value(text).run()
    assert not at.exception, at.exception
    return at


def _page_text(at) -> str:
    return " ".join(
        [m.value for m in at.markdown]
        + [str(t.value) for t in at.subheader]
        + [str(d.value.to_csv()) for d in at.dataframe]
    )


def test_a_dispatcher_finds_a_caller_and_shows_the_phone_with_a_reason(store_env):
    someone = _someone(store_env)
    at = _search(open_page("views/customers.py", user=DISPATCHER), someone.phone)
    shown = _page_text(at)
    assert someone.name in shown
    assert someone.account_no in shown
    assert someone.phone[:3] + "****" + someone.phone[-4:] in shown
    assert someone.phone not in shown
    assert someone.id_number not in shown

    at.selectbox[0].set_value("phone")
    why = next(w for w in at.text_input if w.label == "Why it is needed")
    show = next(b for b in at.button if b.label == "Show")
    why.set_value("")
    show.click().run()
    assert any("say why the phone is needed" in e.value for e in at.error)
    next(w for w in at.text_input if w.label == "Why it is needed").set_value(
        "caller asked for a call back"
    )
    next(b for b in at.button if b.label == "Show").click().run()
    assert any(someone.phone in i.value for i in at.info)
    with make_engine(store_env).connect() as conn:
        kept = conn.execute(
            select(s.audit.c.user, s.audit.c.after).where(
                s.audit.c.action == "unmask", s.audit.c.entity_id == someone.account_no
            )
        ).all()
    assert [k.user for k in kept] == ["wang"]
    assert "call back" in kept[0].after


def test_a_grid_leader_finds_only_their_grids_customers(store_env):
    someone = _someone(store_env)
    other = "G01" if someone.grid_id != "G01" else "G02"
    at = _search(
        open_page("views/customers.py", user=User("li", "Li", "grid leader", other)),
        someone.account_no,
    )
    assert any("No customer matches" in i.value for i in at.info)
    mine = _search(
        open_page("views/customers.py", user=User("li", "Li", "grid leader", someone.grid_id)),
        someone.account_no,
    )
    assert someone.name in _page_text(mine)
    assert [b.label for b in mine.button] == ["Sign out"]  # no unmask form for a leader


def test_an_unexpected_error_shows_a_reference_not_a_traceback(store_env, monkeypatch, caplog):
    from store import customers

    def broken(*_args, **_kwargs):
        raise RuntimeError("row for 13812345678 / 43118119800101123X is odd")

    monkeypatch.setattr(customers, "find", broken)
    at = _search(open_page("views/customers.py", user=DISPATCHER), "7000100001")
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert "RuntimeError" in error
    assert "reference" in error
    assert "13812345678" not in error
    logged = caplog.text
    assert "row for 138****5678 / 4****************X is odd" in logged
    assert "13812345678" not in logged
