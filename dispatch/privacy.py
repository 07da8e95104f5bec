"""Masking of personal numbers wherever they are shown (138****1234)."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d")


def mask_phone(phone: object) -> str:
    """Keep the first three and last four digits of a phone number: ``138****1234``.

    Shorter numbers keep only their last two digits; separators are dropped; anything
    that is not text (a missing value) shows as nothing.
    """
    if not isinstance(phone, str) or not phone:
        return ""
    digits = "".join(_DIGITS.findall(phone))
    if len(digits) >= 8:
        return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"
    if len(digits) > 2:
        return "*" * (len(digits) - 2) + digits[-2:]
    return "*" * len(digits)


def mask_id_number(id_number: object) -> str:
    """Keep the first and the last character of an ID number: ``4**************X``."""
    if not isinstance(id_number, str) or not id_number:
        return ""
    text = id_number.strip()
    if len(text) <= 2:
        return "*" * len(text)
    return f"{text[0]}{'*' * (len(text) - 2)}{text[-1]}"
