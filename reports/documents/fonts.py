"""The print font: Times New Roman, or Liberation Serif (same metrics), never a silent fallback.

Pango picks fonts through fontconfig, so fontconfig is asked which file it would use for each face
and that file must belong to one of the two families and carry every Vietnamese letter (Liberation
v1, still shipped by Debian's fonts-liberation, lacks ơ, ư and the dotted vowels: text would
silently print those letters in DejaVu).
"""

from __future__ import annotations

import functools
import glob
import subprocess
from pathlib import Path

from reports.documents.registry import DocumentError

MESSAGE = "Không tìm thấy phông Times New Roman hoặc Liberation Serif (cài gói fonts-liberation2)"
FAMILIES = ("Times New Roman", "Liberation Serif")
FACES = {"regular": "", "bold": ":bold", "italic": ":italic", "bolditalic": ":bold:italic"}
VIETNAMESE = "ăâđêôơưĂÂĐÊÔƠƯ" + "".join(chr(code) for code in range(0x1EA0, 0x1EFA))
# Where fonts live when the fc-match program is not installed (the library alone is).
FONT_GLOBS = {
    "Times New Roman": {"regular": "times.ttf", "bold": "timesbd.ttf", "italic": "timesi.ttf",
                        "bolditalic": "timesbi.ttf"},
    "Liberation Serif": {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf",
                         "italic": "LiberationSerif-Italic.ttf", "bolditalic": "LiberationSerif-BoldItalic.ttf"},
}
FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".local/share/fonts"),
             str(Path.home() / ".fonts")]


class FontMissingError(DocumentError):
    pass


def _covers_vietnamese(path: str) -> bool:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            cmap = font.getBestCmap() or {}
    except Exception:  # an unreadable font file is as good as none
        return False
    return all(ord(char) in cmap for char in VIETNAMESE)


def _fc_match(pattern: str) -> tuple[list[str], str]:
    result = subprocess.run(["fc-match", "-f", "%{family}\n%{file}", pattern], capture_output=True, text=True,
                            timeout=20, check=False)
    families, _, file = result.stdout.partition("\n")
    return [f.strip() for f in families.split(",")], file.strip()


def _from_fontconfig() -> dict[str, str] | None:
    for family in FAMILIES:
        files = {}
        for face, suffix in FACES.items():
            matched, file = _fc_match(family + suffix)
            if not set(matched) & set(FAMILIES) or not file or not _covers_vietnamese(file):
                break
            files[face] = file
        else:
            return files
    return None


def _from_directories() -> dict[str, str] | None:
    for family in FAMILIES:
        files = {}
        for face, name in FONT_GLOBS[family].items():
            found = [p for d in FONT_DIRS for p in glob.glob(f"{d}/**/{name}", recursive=True) if _covers_vietnamese(p)]
            if not found:
                break
            files[face] = sorted(found)[-1]  # liberation2 sorts after liberation (v1)
        else:
            return files
    return None


@functools.lru_cache(maxsize=1)
def print_font_files() -> dict[str, str]:
    """{face: font file} of the print font; FontMissingError when none is suitable (not cached)."""
    try:
        files = _from_fontconfig()
    except (OSError, subprocess.SubprocessError):
        files = _from_directories()
    if not files:
        raise FontMissingError(MESSAGE)
    return files


def check_fonts() -> None:
    print_font_files()


@functools.lru_cache(maxsize=8)
def _advances(face: str) -> tuple[dict[int, int], float] | None:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(print_font_files()[face], lazy=True) as font:
            hmtx = font["hmtx"].metrics
            widths = {code: hmtx[glyph][0] for code, glyph in font.getBestCmap().items() if glyph in hmtx}
            return widths, font["head"].unitsPerEm
    except (FontMissingError, OSError):
        return None


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Printed width of one line in the print font (0.5 em a letter when no font is installed)."""
    face = ("bold" if bold else "") + ("italic" if italic else "") or "regular"
    metrics = _advances(face)
    if metrics is None:
        return len(text) * size_pt * 0.5 * 25.4 / 72
    widths, upem = metrics
    units = sum(widths.get(ord(char), upem // 2) for char in text)
    return units / upem * size_pt * 25.4 / 72
