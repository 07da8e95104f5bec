"""What a group robot is sent: markdown with the post's text quoted and its markup made
inert, cut to the robot's byte limit on a character boundary, and its answer read."""

from __future__ import annotations

from dispatch.robots import accepted, inert, payload


def test_a_posts_markup_cannot_restyle_link_or_tag_the_group():
    sent = payload("wecom", "G04 · 12-02 09:10", '**急** [点我](http://x) <font color="warning">')
    content = sent["markdown"]["content"]
    assert content.startswith("**G04 · 12-02 09:10**\n> ")
    for markup in ("**急", "[点我]", "(http", "<font"):
        assert markup not in content
    assert "＊＊急＊＊ ［点我］（http://x） ＜font" in content
    assert inert("一切正常。") == "一切正常。"


def test_a_long_post_is_cut_within_the_limit_on_a_character_boundary():
    for kind in ("wecom", "dingtalk"):
        sent = payload(kind, "G01", "停电" * 3000)
        text = sent["markdown"]["content" if kind == "wecom" else "text"]
        assert len(text.encode("utf-8")) <= 4096
        assert text.endswith("…")
        text.encode("utf-8").decode("utf-8")  # whole characters only
    assert payload("dingtalk", "G01", "x")["markdown"]["title"] == "G01"


def test_only_errcode_zero_over_http_200_is_taken():
    assert accepted(200, b'{"errcode": 0, "errmsg": "ok"}')[0]
    assert not accepted(200, b'{"errcode": 45009, "errmsg": "api freq out of limit"}')[0]
    assert not accepted(500, b"")[0]
    assert "45009" in accepted(200, b'{"errcode": 45009}')[1]
    assert not accepted(200, b"<html>")[0]
