"""Hostile text never breaks the citation parser, and what it returns is always consistent."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from plans.citation_parser import parse_citations, parse_one

FRAGMENTS = ["Nghị định số ", "61/2023/NĐ-CP", " ngày 16/8/2023", " của Chính phủ", " về ", "Luật ",
             "Chỉ \n\nthị số số ", "46 - CT/TW", "; số ", "<script>alert(1)</script>", "' OR 1=1 --",
             "\x00", "\u202e", "Nghi đinh", "\u0301", "ngày 31/02/2024", "/", "-", "\n"]

hostile = st.one_of(
    st.text(max_size=3000),
    st.lists(st.sampled_from(FRAGMENTS), max_size=200).map("".join),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Mn"]), max_size=500),
)


def nfc_or_nfd(text: str, form: str) -> str:
    return unicodedata.normalize(form, text)


@settings(max_examples=300, deadline=None)
@given(hostile, st.sampled_from(["NFC", "NFD"]))
def test_parse_citations_never_raises_and_spans_are_real(text, form):
    text = nfc_or_nfd(text, form)
    normalised = unicodedata.normalize("NFC", text)
    results = parse_citations(text)
    for item in results:
        assert normalised[item["start"]:item["end"]] == item["span"]
        assert item["kind"]
        if item["date"] is not None:
            assert len(item["date"]) == 10
    assert [r["start"] for r in results] == sorted(r["start"] for r in results)


@settings(max_examples=200, deadline=None)
@given(hostile)
def test_parse_one_never_raises(text):
    result = parse_one(text)
    assert result is None or isinstance(result, dict)


def test_very_long_text_is_handled():
    text = ("Nghị định số 61/2023/NĐ-CP ngày 16/8/2023 của Chính phủ về hương ước; " * 2000)
    assert len(parse_citations(text)) == 2000
