"""Matching what a plan names to what the system has: units of an organization, registry documents.

Unit names are compared as a clerk would: with or without diacritics, "UBND" = "Ủy ban nhân dân",
"UBMTTQ(VN)" = "Ủy ban Mặt trận Tổ quốc (Việt Nam)", "Uỷ" = "Ủy", a trailing "xã"/"phường" or
leading "Đồng chí" left out, the unit's short name accepted. A name that matches no unit is
proposed for creation (`new_units`). Citations are looked up in the shared registry by number and
symbol (`LegalDocument.number_key`), or by kind and name for a law cited by name; a document not
found is proposed as new (document_id None).
"""

from __future__ import annotations

import datetime
import re

from plans.importing.words import nfc, strip_diacritics

_EXPANSIONS = (
    (r"\bubmttqvn\b", "ủy ban mặt trận tổ quốc việt nam"),
    (r"\bubmttq\b", "ủy ban mặt trận tổ quốc"),
    (r"\bmttqvn\b", "mặt trận tổ quốc việt nam"),
    (r"\bmttq\b", "mặt trận tổ quốc"),
    (r"\bubnd\b", "ủy ban nhân dân"),
    (r"\bhđnd\b", "hội đồng nhân dân"),
    (r"\bvn\b", "việt nam"),
    (r"\btp\.?\b", "thành phố"),
    (r"\bvh-xh\b|\bvhxh\b", "văn hóa - xã hội"),
    (r"\bđvsn\b", "đơn vị sự nghiệp"),
)
_LEVEL_SUFFIX_RE = re.compile(r"\s+(?:xã|phường|thị trấn|huyện|quận|thành phố|tỉnh)$")
_PREFIX_RE = re.compile(r"^(?:đồng chí|đ/c|đề nghị)\s+")


def unit_key(name: str) -> str:
    """A name's comparison key: lower case, abbreviations expanded, old-style tone marks ("uỷ")
    made modern, punctuation reduced to single spaces, "Đồng chí" and a trailing level dropped."""
    text = nfc(name).lower()
    for old, new in (("uỷ", "ủy"), ("hoà", "hòa"), ("khoá", "khóa"), ("thuỷ", "thủy"), ("toà", "tòa")):
        text = text.replace(old, new)
    for pattern, replacement in _EXPANSIONS:
        text = re.sub(pattern, replacement, text)
    text = re.sub(r"[\s\-–—,.;:()/]+", " ", text).strip()
    text = _PREFIX_RE.sub("", text)
    return _LEVEL_SUFFIX_RE.sub("", text)


def _keys(name: str) -> set[str]:
    key = unit_key(name)
    return {key, strip_diacritics(key)} if key else set()


class UnitMatcher:
    """Finds the unit of an organization a written name means."""

    def __init__(self, units):
        self.exact: dict[str, int] = {}
        self.units = list(units)
        for unit in self.units:
            for name in (unit.name, unit.short_name):
                for key in _keys(name or ""):
                    self.exact.setdefault(key, unit.pk)

    def match(self, name: str) -> int | None:
        if not name:
            return None
        keys = _keys(name)
        for key in keys:
            if key in self.exact:
                return self.exact[key]
        # "Phòng Văn hóa - Xã hội phường Phù Liễn" / "Công chức Văn phòng - Thống kê xã": one name
        # inside the other, for names of two words or more
        ascii_key = strip_diacritics(unit_key(name))
        if len(ascii_key.split()) < 2:
            return None
        candidates = []
        for unit in self.units:
            other = strip_diacritics(unit_key(unit.name))
            if len(other.split()) >= 2 and (f" {other} " in f" {ascii_key} " or f" {ascii_key} " in f" {other} "):
                candidates.append((abs(len(other) - len(ascii_key)), unit.pk))
        return min(candidates)[1] if candidates else None


def match_units(result: dict, organization) -> None:
    """Add `match` (unit id or None) to units and tasks, and `new_units` (names matching nothing)."""
    from danvan.models import Unit

    matcher = UnitMatcher(Unit.objects.filter(organization=organization))
    new: dict[str, str] = {}

    def look(name: str) -> int | None:
        found = matcher.match(name)
        if found is None and name:
            new.setdefault(unit_key(name), name)
        return found

    for unit in result["units"]:
        unit["match"] = look(unit["name"])
    for task in result["tasks"]:
        task["match"] = {"lead": look(task["lead"]), "co": [look(name) for name in task["co"]]}
    result["new_units"] = list(new.values())


def match_documents(result: dict) -> None:
    """Set `document_id` of each citation found in the shared registry of legal documents."""
    from plans.models import LegalDocument, number_key

    citations = result["citations"]
    keys = {number_key(c["number"]) for c in citations if c["number"]}
    names = {c["name"] for c in citations if not c["number"] and c.get("name")}
    by_key: dict[str, list] = {}
    if keys:
        for document in LegalDocument.objects.filter(number_key__in=keys).only("pk", "number_key", "issued_on"):
            by_key.setdefault(document.number_key, []).append(document)
    by_name: dict[str, list] = {}
    if names:
        for document in LegalDocument.objects.filter(number="", name__in=names).only("pk", "name", "kind",
                                                                                     "issued_on"):
            by_name.setdefault(document.name.lower(), []).append(document)
    for citation in citations:
        day = datetime.date.fromisoformat(citation["date"]) if citation.get("date") else None
        if citation["number"]:
            documents = by_key.get(number_key(citation["number"]), [])
        else:
            documents = by_name.get((citation.get("name") or "").lower(), [])
        same_day = [d for d in documents if d.issued_on == day]
        chosen = same_day or (documents if day is None or all(d.issued_on is None for d in documents) else [])
        citation["document_id"] = chosen[0].pk if chosen else None
