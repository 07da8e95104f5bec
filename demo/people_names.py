"""Synthetic personal data for the demo: names, phone and ID numbers, addresses.

None of it is real. Phone numbers use real mobile prefixes so that they look and
mask like phones; they are random and shown masked everywhere.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

# Common surnames in Hunan, roughly by frequency.
_SURNAMES = list("李王刘陈唐蒋周张邓何杨黄彭谢胡罗曾吴邹欧肖伍雷谭廖文龙孙易")
_SURNAME_P = np.linspace(3.0, 0.6, len(_SURNAMES))
_GIVEN = list("建国华明军伟平红英丽芳勇强志敏秀兰春桂海林燕玉德文辉荣斌霞超杰娟云峰波")
_MOBILE_PREFIXES = np.array(
    [
        130,
        131,
        132,
        133,
        135,
        136,
        137,
        138,
        139,
        150,
        151,
        152,
        153,
        155,
        156,
        157,
        158,
        159,
        173,
        177,
        180,
        181,
        182,
        183,
        186,
        187,
        188,
        189,
        191,
        199,
    ]
)
_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
_ID_CHECK = np.array(list("10X98765432"))


def person_names(count: int, rng: np.random.Generator) -> NDArray[np.str_]:
    """Chinese names: a surname and one or two given characters."""
    surname = rng.choice(_SURNAMES, count, p=_SURNAME_P / _SURNAME_P.sum())
    first = rng.choice(_GIVEN, count)
    second = np.where(rng.random(count) < 0.7, rng.choice(_GIVEN, count), "")
    return np.char.add(np.char.add(surname, first), second)


def phone_numbers(count: int, rng: np.random.Generator) -> NDArray[np.str_]:
    """Eleven-digit mobile numbers."""
    prefix = rng.choice(_MOBILE_PREFIXES, count)
    rest = rng.integers(0, 100_000_000, count)
    return np.char.add(prefix.astype(str), np.char.zfill(rest.astype(str), 8))


def id_numbers(count: int, rng: np.random.Generator, region: str = "431181") -> NDArray[np.str_]:
    """Eighteen-character resident ID numbers with a valid ISO 7064 check character."""
    birth = np.datetime64("1940-01-01") + rng.integers(0, 365 * 62, count).astype("timedelta64[D]")
    birth_text = np.char.replace(birth.astype(str), "-", "")
    serial = np.char.zfill(rng.integers(0, 1000, count).astype(str), 3)
    body = np.char.add(np.char.add(region, birth_text), serial)
    digits = np.frombuffer(body.astype("S17").tobytes(), dtype=np.uint8).reshape(-1, 17) - 48
    check = _ID_CHECK[(digits.astype(np.int64) @ _ID_WEIGHTS) % 11]
    return np.char.add(body, check)
