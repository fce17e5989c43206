"""Words of Vietnamese administrative names: from the capitals of a letterhead to how a clerk types them.

"ỦY BAN MTTQ VIỆT NAM" + "XÃ LƯƠNG MINH" -> "Ủy ban MTTQ Việt Nam xã Lương Minh": the first word
capitalised, abbreviations kept (MTTQ, UBND), proper names capitalised (Việt Nam, Tổ quốc, the
place after "xã", "phường", "tỉnh" ...), everything else in lower case.
"""

from __future__ import annotations

import re
import unicodedata

#: Administrative levels: the words after them are a place name (capitalised).
PLACE_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "xã", "phường", "huyện", "quận", "tỉnh", "thôn",
               "tổ dân phố", "khu phố", "bản", "ấp")

#: Phrases capitalised inside names, as official names write them.
_PROPER = ("Việt Nam", "Tổ quốc", "Thường trực", "Thường vụ", "Chấp hành", "Quốc hội", "Chính phủ",
           "Trung ương", "Hồ Chí Minh", "Cộng sản", "Mặt trận", "Đảng", "Bộ Chính trị", "Ban Bí thư", "Thủ tướng")
_PROPER_LOWER = {p.lower(): p for p in _PROPER}
#: Abbreviations written in capitals whatever the case around them.
_ABBREVIATIONS = {"UBND", "HĐND", "MTTQ", "UBMTTQ", "UBMTTQVN", "TW", "TƯ", "BCĐ", "BCH", "CCB", "VN", "CT",
                  "PCT", "ĐVSN", "VHXH", "KT", "TM", "TL", "TUQ", "BTT", "CA", "QS", "ĐU", "UBKT", "HTX", "THCS",
                  "THPT", "CAND", "QĐND", "TNCS", "LHPN", "BTV"}
_VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def squash(text: str) -> str:
    return " ".join(nfc(text).split())


def is_abbreviation(word: str) -> bool:
    """"MTTQ", "UBND", "HĐND": an upper-case word that is no Vietnamese syllable."""
    bare = word.strip(".,;:()")
    if not bare or not bare.isupper():
        return False
    if bare in _ABBREVIATIONS:
        return True
    vowels = sum(1 for ch in bare.lower() if ch in _VOWELS)
    return vowels == 0 or (len(bare) >= 4 and vowels <= 1 and not re.search(r"[AĂÂEÊIOÔƠUƯY]{2}", bare)
                           and bare[-1] not in "AĂÂEÊIOÔƠUƯYNGHCTMP") or bare.isdigit()


def sentence_case(caps: str) -> str:
    """A name written in capitals as a clerk types it (see module docstring)."""
    words = squash(caps).split(" ")
    out: list[str] = []
    place = False
    for n, word in enumerate(words):
        lower = word.lower()
        if is_abbreviation(word) and lower.strip(".,;:()") not in PLACE_WORDS:
            out.append(word)
            place = False
            continue
        if n == 0:
            out.append(lower[:1].upper() + lower[1:])
        elif place:
            out.append(lower[:1].upper() + lower[1:])
        else:
            out.append(lower)
        # "xã LƯƠNG MINH": the words after a level word are a place name
        bare = lower.strip(".,;:()")
        two = " ".join(w.lower().strip(".,;:()") for w in out[-2:])
        if bare in PLACE_WORDS or two in PLACE_WORDS:
            if n > 0:
                out[-1] = lower
            place = True
        elif word.endswith((",", ";")):
            place = False
    text = " ".join(out)
    for lower, proper in _PROPER_LOWER.items():
        text = re.sub(rf"(?<!\w){re.escape(lower)}(?!\w)", proper, text, flags=re.IGNORECASE)
    return text[:1].upper() + text[1:]


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
