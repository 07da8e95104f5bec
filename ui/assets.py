"""Map assets served by the app itself, so the map works with no internet.

folium loads Leaflet and its helpers from CDNs and streamlit-folium does not
bundle them: offline, the map would silently not appear. At set-up, `make`
installs the pinned npm packages (package.json) and `python -m ui.assets` copies
the files below into ``static/vendor/``; Streamlit serves that folder at
``/app/static/``. `localize` points every element of a map at those copies and
fails loudly on an asset it does not know.

The Chinese font is served the same way: Noto Sans SC (SIL Open Font Licence) from
npm, as small WOFF2 pieces by range of characters for the browser — which loads only
the pieces a page's text needs — and as one TrueType file for the PNG charts. `font_css`
writes the stylesheet that gives Streamlit's own families ("Source Sans", "Source Code
Pro") and the maps' the Chinese characters, so Chinese reads on a machine without a
Chinese system font.

Run as ``python -m ui.assets [--check]`` to vendor (or check) the files.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Final, TypeVar

ROOT: Final = Path(__file__).resolve().parent.parent
NODE_MODULES: Final = ROOT / "node_modules"
VENDOR: Final = ROOT / "static" / "vendor"
URL_PREFIX: Final = "/app/static/vendor"
T = TypeVar("T")  # the element `localize` hands back

#: Folders and files copied from node_modules (relative paths kept, so that the
#: CSS files find their images and fonts).
COPIED: Final = (
    "leaflet/dist",
    "jquery/dist/jquery.min.js",
    "bootstrap/dist/js/bootstrap.bundle.min.js",
    "bootstrap/dist/css/bootstrap.min.css",
    "leaflet.awesome-markers/dist",
    "@fortawesome/fontawesome-free/css",
    "@fortawesome/fontawesome-free/webfonts",
    "leaflet-draw/dist",
    "leaflet.markercluster/dist",
)

#: The Chinese font: the browser's pieces (one stylesheet per weight, naming its files),
#: and the charts' TrueType file.
FONT_PACKAGE: Final = "@fontsource/noto-sans-sc"
FONT_WEIGHTS: Final = (400, 700)
CHART_FONT: Final = "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"
#: The stylesheet `font_css` writes, and the families it gives the Chinese characters to.
FONT_CSS: Final = "fonts/chinese.css"
FONT_FAMILIES: Final = ("Source Sans", "Source Code Pro", "Noto Sans SC")
_FACE = re.compile(r"/\* (?P<name>[^*]+) \*/\s*@font-face \{(?P<body>[^}]*)\}")

#: folium's asset names → files under static/vendor.
LOCAL: Final[dict[str, str]] = {
    "leaflet": "leaflet/dist/leaflet.js",
    "jquery": "jquery/dist/jquery.min.js",
    "bootstrap": "bootstrap/dist/js/bootstrap.bundle.min.js",
    "awesome_markers": "leaflet.awesome-markers/dist/leaflet.awesome-markers.js",
    "leaflet_draw_js": "leaflet-draw/dist/leaflet.draw.js",
    "markerclusterjs": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "leaflet_css": "leaflet/dist/leaflet.css",
    "bootstrap_css": "bootstrap/dist/css/bootstrap.min.css",
    "awesome_markers_font_css": "@fortawesome/fontawesome-free/css/all.min.css",
    "awesome_markers_css": "leaflet.awesome-markers/dist/leaflet.awesome-markers.css",
    "leaflet_draw_css": "leaflet-draw/dist/leaflet.draw.css",
    "markerclustercss": "leaflet.markercluster/dist/MarkerCluster.css",
    "markerclusterdefaultcss": "leaflet.markercluster/dist/MarkerCluster.Default.css",
}

#: Assets folium asks for that our maps do not use, left out on purpose.
LEFT_OUT: Final = {
    "glyphicons_css": "Bootstrap 3 icon font; our markers use Font Awesome icons",
    "awesome_rotate_css": "rotation classes for icons; our icons are not rotated",
}


class MissingAssetError(RuntimeError):
    """A map element needs an asset that is not vendored."""


def _elements(root: object) -> Iterator[object]:
    yield root
    for child in getattr(root, "_children", {}).values():
        yield from _elements(child)


def localize(root: T) -> T:
    """Point every element's JS and CSS at the vendored copies (in place; returns root)."""
    for element in _elements(root):
        for attr in ("default_js", "default_css"):
            assets = getattr(element, attr, None)
            if not assets:
                continue
            local = []
            for name, url in assets:
                if name in LEFT_OUT:
                    continue
                if name not in LOCAL:
                    msg = f"map asset {name!r} ({url}) is not vendored; add it to ui/assets.py"
                    raise MissingAssetError(msg)
                local.append((name, f"{URL_PREFIX}/{LOCAL[name]}"))
            setattr(element, attr, local)
    return root


def missing_files(vendor: Path = VENDOR) -> list[str]:
    """Vendored files the maps and the Chinese font need that are not on disk."""
    wanted = [*LOCAL.values(), FONT_CSS, CHART_FONT]
    return [path for path in wanted if not (vendor / path).is_file()]


def chart_font(vendor: Path = VENDOR) -> Path | None:
    """The TrueType Chinese font for the charts, where it is vendored."""
    path = vendor / CHART_FONT
    return path if path.is_file() else None


#: The first code point the Chinese font is used for (CJK radicals): Latin letters,
#: digits and punctuation below it stay in Streamlit's font.
CJK_FROM: Final = 0x2E80


def _from_cjk(ranges: str) -> str:
    """A unicode-range clipped to code points from `CJK_FROM` on ("" when none is)."""
    kept = []
    for part in ranges.split(","):
        low, _, high = part.strip().removeprefix("U+").partition("-")
        first, last = int(low, 16), int(high or low, 16)
        if last < CJK_FROM:
            continue
        first = max(first, CJK_FROM)
        kept.append(f"U+{first:x}" + (f"-{last:x}" if last > first else ""))
    return ",".join(kept)


def font_css(source: Path = NODE_MODULES, target: Path = VENDOR) -> int:
    """Copy the font's WOFF2 pieces for Chinese characters and write `FONT_CSS`: each
    piece under every family of `FONT_FAMILIES`, for its range of characters only (Latin
    text keeps Streamlit's own font). Returns the number of pieces."""
    faces = []
    for weight in FONT_WEIGHTS:
        sheet = (source / FONT_PACKAGE / f"{weight}.css").read_text(encoding="utf-8")
        for face in _FACE.finditer(sheet):
            if not re.search(r"\[\d+\]", face["name"]):  # the latin, cyrillic… pieces
                continue
            body = face["body"]
            file = re.search(r"url\(\./files/([^)]+\.woff2)\)", body)
            ranges = re.search(r"unicode-range:\s*([^;]+);", body)
            if file is None or ranges is None:
                continue
            chinese = _from_cjk(ranges[1])
            if not chinese:
                continue
            relative = f"{FONT_PACKAGE}/files/{file[1]}"
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / relative, target / relative)
            faces += [
                f"@font-face{{font-family:'{family}';font-style:normal;font-display:swap;"
                f"font-weight:{weight};src:url({URL_PREFIX}/{relative}) format('woff2');"
                f"unicode-range:{chinese}}}"
                for family in FONT_FAMILIES
            ]
    css = target / FONT_CSS
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text("\n".join(faces) + "\n", encoding="utf-8")
    return len(faces) // len(FONT_FAMILIES)


def vendor(source: Path = NODE_MODULES, target: Path = VENDOR) -> None:
    """Copy the needed files from node_modules into static/vendor."""
    for relative in COPIED:
        src, dst = source / relative, target / relative
        if not src.exists():
            msg = f"{src} is missing: run `npm ci --ignore-scripts` first"
            raise MissingAssetError(msg)
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)
    chart = source / CHART_FONT
    if not chart.is_file():
        msg = f"{chart} is missing: run `npm ci --ignore-scripts` first"
        raise MissingAssetError(msg)
    (target / CHART_FONT).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(chart, target / CHART_FONT)
    font_css(source, target)
    if missing := missing_files(target):
        msg = f"vendored files missing after copy: {', '.join(missing)}"
        raise MissingAssetError(msg)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.assets", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report missing files")
    args = parser.parse_args(argv)
    if args.check:
        missing = missing_files()
        for path in missing:
            print(f"missing: static/vendor/{path}", file=sys.stderr)
        return 1 if missing else 0
    vendor()
    print(f"map assets and the Chinese font vendored into {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
