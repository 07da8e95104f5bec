"""Masking of personal numbers wherever they are shown (138****1234)."""

from __future__ import annotations

import re
from datetime import date

from i18n import _

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


# digits as people write them: full-width or not, grouped by spaces, dashes or dots
_D = "[0-9\uff10-\uff19]"
_SEP = "[ \u3000.\\-\u2010-\u2015]?"
_NOT_D = "[0-9\uff10-\uff19]"
_ID_IN_TEXT = re.compile(
    f"(?<!{_NOT_D}){_D}{{6}}{_SEP}{_D}{{8}}{_SEP}{_D}{{3}}[0-9Xx\uff10-\uff19\uff38\uff58]"
    f"(?!{_NOT_D})"
)
_MOBILE_IN_TEXT = re.compile(
    f"(?<!{_NOT_D})(?:(?:\\+|\uff0b|00)?86{_SEP})?[1\uff11]{_SEP}[3-9\uff13-\uff19]"
    f"(?:{_SEP}{_D}){{9}}(?!{_NOT_D})"
)


def _ascii(text: str) -> str:
    """Full-width digits and X as ASCII; every other character dropped."""
    plain = "".join(chr(ord(c) - 0xFEE0) if "\uff10" <= c <= "\uff5a" else c for c in text)
    return re.sub(r"[^0-9Xx]", "", plain)


def scrub(text: str) -> str:
    """Free text (a fault description, an error, a log line) with every ID number and
    mobile number in it masked, for places a person's number must not reach: written
    plain, after +86 or 0086, in groups split by spaces, dashes or dots, or in full-width
    digits."""
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(_ascii(m.group())), text)
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(_ascii(m.group())[-11:]), text)


_FULL_WIDTH = re.compile(r"[\uff10-\uff19]")
_PHONE = re.compile(r"^\+?[0-9\s\-()]{5,24}$", re.ASCII)
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$", re.ASCII)
_ID = re.compile(r"^[0-9]{17}[0-9X]$", re.ASCII)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def one_line(exc: BaseException) -> str:
    """An unexpected error as a command line says it: its type and the first line of its
    message, personal numbers masked (never a traceback)."""
    first = (scrub(str(exc)).splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}"


def phone_problem(phone: str, *, mobile: bool = False) -> str | None:
    """Why a phone number is not one (None when it is): full-width digits, letters,
    wrong length; ``mobile`` asks for an 11-digit mainland mobile number."""
    if _FULL_WIDTH.search(phone):
        return _("full-width digits: type the number with 0–9")
    if mobile:
        return None if _MOBILE.match(phone) else _("a mobile number is 11 digits starting 13–19")
    return None if _PHONE.match(phone) else _("not a phone number (digits, +, -, spaces)")


def id_number_problem(id_number: str) -> str | None:
    """Why a resident ID number (GB 11643, 18 characters) is not valid, None when it is:
    full-width digits, wrong length or characters, an impossible birth date, or a check
    digit (ISO 7064 MOD 11-2) that does not match."""
    text = id_number.strip().upper()
    if _FULL_WIDTH.search(text):
        return _("full-width digits: type the number with 0–9")
    if len(text) != 18:
        return _("an ID number has 18 characters, this one {n}").format(n=len(text))
    if not _ID.match(text):
        return _("an ID number is 17 digits and a check digit (0–9 or X)")
    year, month, day = int(text[6:10]), int(text[10:12]), int(text[12:14])
    try:
        date(year, month, day)
    except ValueError:
        return _("the birth date {date} does not exist").format(date=text[6:14])
    total = sum(int(c) * w for c, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != text[17]:
        return _("the check digit does not match")
    return None
