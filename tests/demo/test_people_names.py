"""Synthetic personal numbers look right (so masking and validation are exercised)."""

import numpy as np

from demo.people_names import id_numbers, person_names, phone_numbers


def iso7064_ok(number: str) -> bool:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17]


def test_id_numbers_carry_a_valid_check_character():
    numbers = id_numbers(500, np.random.default_rng(3))
    assert all(len(n) == 18 and n.startswith("431181") for n in numbers)
    assert all(iso7064_ok(n) for n in numbers)


def test_phones_are_eleven_digit_mobiles_and_names_are_chinese():
    rng = np.random.default_rng(4)
    assert all(len(p) == 11 and p.startswith("1") and p.isdigit() for p in phone_numbers(200, rng))
    assert all(2 <= len(n) <= 3 for n in person_names(200, rng))
