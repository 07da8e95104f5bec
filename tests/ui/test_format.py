def test_typed_text_is_safe_in_markdown():
    from ui.format import md

    assert md("[click](javascript:alert(1))") == r"\[click\]\(javascript:alert\(1\)\)"
    assert md("<script>x</script>") == r"&lt;script\>x&lt;/script\>"
    assert md("# 标题 *x*") == r"\# 标题 \*x\*"
