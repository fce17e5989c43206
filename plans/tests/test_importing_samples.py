"""The importer on five real plans (plans/tests/data/importing: public administrative documents
with hand-made answer keys), each as text and, for four of them, as the original .docx.

Every key field of the answer key is compared with what `recognise` finds, as a clerk checking
the review page would: title, issuer, number and date, the Roman-numbered sections, the legal
bases in order (kind, number, date), the responsible units of "Tổ chức thực hiện", the reporting
deadlines, and recipients and signer where the key has them. Names are compared without regard
to case, spacing, punctuation or old-style tone marks ("Uỷ" = "Ủy").
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
import unicodedata
from pathlib import Path

import pytest

from plans.importing import read_source, recognise

DATA = Path(__file__).parent / "data" / "importing"
PLANS = [
    "ke-hoach-phu-lien-2025",
    "07_luongminh-16-kh-mttq-btt-2025",
    "08_baccamranh-kh-kiemtra-giamsat-bau-cu-2025",
    "09_luongminh-kh-hoinghi-cutri-noi-cu-tru-2026",
    "10_phobang-01-kh-tbttkt-2025",
]
SOURCES = [(name, ".txt") for name in PLANS] + [(name, ".docx") for name in PLANS[1:]]


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "").lower()
    for old, new in (("uỷ", "ủy"), ("hoà", "hòa"), ("khoá", "khóa")):
        text = text.replace(old, new)
    return " ".join(re.sub(r"[\s,.;:()\-–]+", " ", text).split())


def words(text: str | None) -> set[str]:
    return set(norm(text).split())


def iso(key_date: str | None) -> str | None:
    if not key_date:
        return None
    day, month, year = (int(part) for part in key_date.split("/"))
    return datetime.date(year, month, day).isoformat()


@pytest.fixture(scope="module", params=SOURCES, ids=[f"{n}{ext}" for n, ext in SOURCES])
def case(request, django_db_setup, django_db_blocker):
    name, ext = request.param
    key = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    source = read_source(data=(DATA / f"{name}{ext}").read_bytes(), filename=f"{name}{ext}")
    with django_db_blocker.unblock():
        result = recognise(source)
    return key, result, source


def test_kind_of_source(case):
    key, result, source = case
    assert source.kind in ("docx", "text")
    assert result["not_a_plan"] is None


def test_title(case):
    key, result, _source = case
    assert norm(result["title"]) == norm(key["title"])


def test_issuer(case):
    """The issuer as a clerk names it: the letterhead's body with the body above it when the
    lower line is a part of it ("BAN THƯỜNG TRỰC" of "ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH")."""
    key, result, _source = case
    assert words(result["issuer"]) == words(key["issuer"])


def test_number_and_date(case):
    key, result, _source = case
    assert result["number"] == key["doc_number"]
    assert result["date"] == iso(key["date"])


def test_sections(case):
    key, result, _source = case
    found = [norm(f"{s['numeral']}. {s['heading']}") for s in result["sections"] if s["numeral"]]
    assert found == [norm(s["span"]) for s in key["sections_present"]]


def test_legal_bases_in_order(case):
    key, result, _source = case
    bases = [(c["kind"], c["number"], c["date"]) for c in result["citations"] if c["role"] != "mention"]
    expected = [(b["doc_type"], b["number"], iso(b["date"])) for b in key["legal_bases"]]
    assert bases == expected


def test_body_citations_are_mentions(case):
    """Documents named in the body are linked as mentions, never printed as extra bases."""
    key, result, _source = case
    intro_end = result["intro_span"][1]
    assert all(c["role"] == "mention" for c in result["citations"] if c["span"][0] >= intro_end)
    mentioned = {c["number"] for c in result["citations"] if c["number"]}
    for other in key["other_citations"]:
        if other.get("number"):
            assert other["number"] in mentioned or other["number"].split("/")[0] in {
                n.split("/")[0] for n in mentioned}


def test_responsible_units(case):
    key, result, _source = case
    found = [u["name"] for u in result["units"]]
    expected = [u["name"] for u in key["responsible_units"]]
    assert len(found) == len(expected), found
    for mine, theirs in zip(found, expected):
        assert difflib.SequenceMatcher(None, norm(mine), norm(theirs)).ratio() >= 0.9, (mine, theirs)
    for unit in result["units"]:
        assert unit["duties"], unit["name"]


def test_reporting_deadlines(case):
    key, result, _source = case
    expected = key["reporting_deadlines"]
    assert len(result["rounds"]) == len(expected)
    for mine, theirs in zip(result["rounds"], expected):
        if theirs.get("date"):
            assert mine["deadline"] == iso(theirs["date"])
        elif theirs.get("month"):
            month, year = theirs["month"].split("/")
            assert mine["deadline"][:7] == f"{year}-{month}"
        else:
            assert mine["deadline"] is None and theirs.get("relative")
            assert norm(theirs["relative"]) in norm(mine["text"])


def test_recipients_and_signer_where_keyed(case):
    key, result, _source = case
    if key.get("recipients"):
        assert [norm(r) for r in result["recipients"]] == [norm(r) for r in key["recipients"]]
    if key.get("signer"):
        for field in ("authority", "title", "name"):
            assert result["signer"][field] == key["signer"][field]


def test_spans_point_at_the_source(case):
    """Every span highlights the very text it stands for on the review page."""
    _key, result, source = case
    text = source.text
    a, b = result["title_span"]
    assert norm(text[a:b]) == norm(result["title"])
    for citation in result["citations"]:
        a, b = citation["span"]
        assert citation["number"] is None or citation["number_as_written"] in text[a:b]
    for unit in result["units"]:
        a, b = unit["name_span"]
        assert text[a:b] == unit["name"] or norm(unit["name"]) in norm(text[a:b])
    for unit in result["units"]:
        assert [text[a:b] for a, b in unit["duty_spans"]] == unit["duties"]
    for task in result["tasks"]:
        a, b = task["content_span"]
        assert task["content"] in text[a:b]
    for item in result["rounds"]:
        a, b = item["span"]
        assert norm(item["text"])[:40] in norm(text[a:b])
    for field in ("number_span", "date_span", "recipients_span", "closing_span", "intro_span"):
        if result[field]:
            a, b = result[field]
            assert 0 <= a < b <= len(text)
    if result["signer"]["span"]:
        a, b = result["signer"]["span"]
        assert result["signer"]["name"] in text[a:b] and result["signer"]["authority"] in text[a:b]


def test_no_sentence_of_the_body_is_lost(case):
    """Every paragraph between the title and "Nơi nhận" is kept: intro, sections or closing."""
    _key, result, source = case
    kept = norm(" ".join([result["intro"], result["closing"]]
                         + [f"{s['numeral']}. {s['heading']} {s['text']}" for s in result["sections"]]))
    start = result["title_span"][1]
    end = result["recipients_span"][0] if result["recipients_span"] else len(source.text)
    for paragraph in source.paragraphs:
        if start <= paragraph.start and paragraph.end <= end and not paragraph.is_row:
            assert norm(source.paragraph_text(paragraph)) in kept


@pytest.mark.django_db
def test_tasks_written_as_field_lines():
    """07 writes each task's lead, co-ordinating units, due and result as "- Đơn vị chủ trì: ..."
    lines under its item; items 3.1-3.3 share one block of fields: the task is their parent "3."."""
    source = read_source(data=(DATA / "07_luongminh-16-kh-mttq-btt-2025.docx").read_bytes())
    tasks = recognise(source)["tasks"]
    assert len(tasks) == 15
    first = tasks[0]
    assert first["content"].startswith("Xây dựng và ban hành Hướng dẫn")
    assert first["lead"] == "Phó chủ tịch Thường trực, phụ trách lĩnh vực Giám sát và Phản biện xã hội"
    assert first["co"][0] == "Các đ/c Phó chỉ tịch"
    assert first["due"] == {"kind": "month", "date": "2025-11-30"}
    assert first["output"] == "Dự thảo Hướng dẫn trình Ban Thường trực ban hành"
    assert tasks[3]["due"] == {"kind": "quarter", "date": "2026-03-31"}  # "Quý IV/2025 và Quý I/2026"
    assert tasks[6]["content"].startswith("Tổ chức theo dõi, tổng hợp, kiểm tra, giám sát công tác bầu cử")
