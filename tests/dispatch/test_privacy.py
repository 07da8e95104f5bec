"""Phone and ID numbers are masked wherever they are shown."""

from dispatch.privacy import mask_id_number, mask_phone, scrub


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


def test_scrub_masks_id_and_mobile_numbers_in_free_text():
    text = (
        "IntegrityError for 43118119800101123X (phone 13812345678, tel. 0746-3212345), "
        "account 7000100001, id 431181198001011234567 too long"
    )
    scrubbed = scrub(text)
    assert "43118119800101123X" not in scrubbed
    assert "4****************X" in scrubbed
    assert "13812345678" not in scrubbed
    assert "138****5678" in scrubbed
    assert "0746-3212345" in scrubbed  # a landline is not a person's number here
    assert "7000100001" in scrubbed  # nor an account number
    assert "431181198001011234567" in scrubbed  # 21 digits: not an ID number
