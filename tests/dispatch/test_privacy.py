"""Phone and ID numbers are masked wherever they are shown."""

from dispatch.privacy import mask_id_number, mask_phone


def test_mobile_number_keeps_prefix_and_last_four():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("138-1234-1234") == "138****1234"


def test_short_and_missing_numbers_reveal_almost_nothing():
    assert mask_phone("95598") == "***98"
    assert mask_phone(None) == ""
    assert mask_phone("") == ""


def test_id_number_keeps_only_first_and_last():
    masked = mask_id_number("43118119800101123X")
    assert masked == "4" + "*" * 16 + "X"
    assert mask_id_number(None) == ""


def test_missing_values_mask_to_nothing():
    assert mask_phone(float("nan")) == ""
    assert mask_phone(None) == ""
    assert mask_id_number(float("nan")) == ""
