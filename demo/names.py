"""Synthetic place names for the demo county's villages and communities."""

from __future__ import annotations

import numpy as np

_FIRST = "大小上下新老石竹桥塘坪冲湾岭山田溪泉水花枫柳杨李黄白青金龙凤马牛"
_SECOND = "家塘冲湾岭坪山桥田溪源江口头坝铺园林湖洲坡岗岩"
_URBAN = (
    "滨江",
    "浯溪",
    "龙山",
    "长虹",
    "文昌",
    "祁阳",
    "人民",
    "建设",
    "解放",
    "湘江",
    "祁水",
    "金盆",
    "东门",
    "西门",
    "南门",
    "北门",
    "新华",
    "和平",
    "陶铸",
    "书香",
    "锦绣",
    "阳光",
    "城北",
    "城南",
    "观山",
    "望江",
    "凤鸣",
    "聚福",
    "荷花",
    "翠竹",
    "玉带",
    "梧桐",
)


def village_names(count: int, rng: np.random.Generator) -> list[str]:
    """Distinct two-character village names ending in 村."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = rng.choice(list(_FIRST)) + rng.choice(list(_SECOND))
        suffix = "" if name not in seen else rng.choice(list("东西南北上下"))
        full = f"{name}{suffix}村"
        if full not in seen:
            seen.add(full)
            seen.add(name)
            names.append(full)
    return names


def community_names(count: int) -> list[str]:
    """Distinct urban community names ending in 社区."""
    names = []
    for k in range(count):
        base = _URBAN[k % len(_URBAN)]
        names.append(f"{base}社区" if k < len(_URBAN) else f"{base}{k // len(_URBAN) + 1}社区")
    return names
