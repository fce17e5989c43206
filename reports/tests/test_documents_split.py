"""A long phụ lục printed in pieces at the same time (reports/documents/split.py) is the very
document printed in one piece: the same pages, the same text on each, the same page numbers,
whether the page breaks were foreseen right or not."""

import datetime
import io

import pdfplumber
import pytest

from danvan.tests import factories as f
from reports.documents import parallel, plan_context, registry, split
from reports.tests.factories_documents import document_cache  # noqa: F401  (fixture)

WORDS = ("Tổ chức tuyên truyền, phổ biến các văn bản về công tác dân vận chính quyền, thực hiện dân chủ ở cơ sở "
         "và quy chế dân chủ trong cơ quan, đơn vị; vận động nhân dân tham gia xây dựng nông thôn mới, đô thị "
         "văn minh, giữ gìn an ninh trật tự trên địa bàn phường theo Chỉ thị số 33/CT-TTg").split()


@pytest.fixture
def pool(settings):
    settings.DOCUMENT_RENDER_PROCESSES = 1
    yield
    parallel.shutdown()


@pytest.fixture
def long_plan(plan, unit_a, unit_b):
    """36 more tasks whose texts run from one line to several, as in a real plan."""
    for n in range(36):
        task = f.TaskFactory(plan=plan, order=10 + n, lead_unit=(unit_a, unit_b)[n % 2],
                             content=" ".join(WORDS[: 6 + (n * 7) % len(WORDS)]) + f" (nhiệm vụ {n + 1})",
                             due_kind="date", due_date=datetime.date(2025, 9 + n % 4, 1 + n % 28),
                             output=" ".join(WORDS[: 3 + (n * 5) % 12]))
        task.coordinating_units.add((unit_b, unit_a)[n % 2])
    return plan


def pages(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.fixture
def checks(monkeypatch):
    """The outcome of every check of two pieces against the one-piece layout."""
    outcomes = []
    real = split.check

    def recording(*args):
        outcomes.append(real(*args))
        return outcomes[-1]

    monkeypatch.setattr(split, "check", recording)
    return outcomes


def test_a_long_phu_luc_printed_in_pieces_is_the_document_printed_in_one(pool, settings, long_plan, checks):
    document = plan_context(long_plan)
    in_pieces = pages(registry.build(document, "pdf"))
    assert checks == [True, True]  # foreseen right: three pieces, nothing printed again
    settings.DOCUMENT_RENDER_PROCESSES = 0
    in_one = pages(registry.build(document, "pdf"))
    assert checks == [True, True]  # one process: printed whole, no pieces
    assert in_pieces == in_one
    start = next(n for n, text in enumerate(in_one) if "(Kèm theo" in text)  # the phụ lục's first page
    assert len(in_one) - start >= 4
    # The pages after the phụ lục's first are numbered on, from 2, across the cut.
    numbers = [text.split()[0] for text in in_pieces[start + 1:]]  # "2 DỰ THẢO"
    assert numbers == [str(n) for n in range(2, len(in_one) - start + 1)]
    assert in_pieces[-1].rstrip().endswith("./.") and sum(text.count("./.") for text in in_pieces[start:]) == 1


@pytest.mark.parametrize("wrong", ["one row late", "one row early", "a page short", "the last cut wrong"])
def test_page_breaks_foreseen_wrong_still_print_the_same_document(pool, settings, long_plan, checks, monkeypatch,
                                                                   wrong):
    real = split.foresee

    def mistaken(*args, **kwargs):
        cuts = real(*args, **kwargs)
        assert len(cuts) >= 2
        n = -1 if wrong == "the last cut wrong" else 0
        cut = cuts[n]
        cuts[n] = {"one row late": split.Cut(row=cut.row + 1, page=cut.page),
                   "one row early": split.Cut(row=cut.row - 1, page=cut.page),
                   "a page short": split.Cut(row=cut.row, page=cut.page - 1),
                   "the last cut wrong": split.Cut(row=cut.row + 1, page=cut.page)}[wrong]
        return cuts

    monkeypatch.setattr(split, "foresee", mistaken)
    document = plan_context(long_plan)
    in_pieces = pages(registry.build(document, "pdf"))
    # Checked up to the wrong cut, which fails: the rows from there on were printed again.
    assert checks[-1] is False and all(checks[:-1])
    assert len(checks) == (2 if wrong == "the last cut wrong" else 1)
    settings.DOCUMENT_RENDER_PROCESSES = 0
    assert in_pieces == pages(registry.build(document, "pdf"))


def test_a_short_phu_luc_is_printed_whole(pool, plan, checks):
    assert registry.build(plan_context(plan), "pdf").startswith(b"%PDF")
    assert checks == []
