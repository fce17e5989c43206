"""The parts of a PDF (body, each phụ lục) printed at the same time in worker processes
(reports/documents/parallel.py): the same document as printed in one process, and a pool that
cannot be used costs time, never the download."""

import io
from concurrent.futures.process import BrokenProcessPool

import pdfplumber
import pytest

from reports.documents import parallel, plan_context, registry
from reports.tests.factories_documents import add_tasks, document_cache  # noqa: F401  (fixture)


@pytest.fixture
def pool(settings, monkeypatch):
    settings.DOCUMENT_RENDER_PROCESSES = 1
    monkeypatch.setattr(parallel, "_unusable", False)
    yield
    parallel.shutdown()


@pytest.fixture
def long_plan(plan, unit_a, unit_b):
    add_tasks(plan, 14, [unit_a, unit_b])
    return plan


def pages_text(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_the_parts_printed_by_worker_processes_make_the_same_document(pool, settings, long_plan, monkeypatch):
    sent = []  # how many parts each print handed to the worker processes
    real = parallel.Batch.results

    def counting(batch):
        results = real(batch)
        sent.append(len(batch.futures))
        return results

    monkeypatch.setattr(parallel.Batch, "results", counting)
    document = plan_context(long_plan)
    together = registry.build(document, "pdf")
    assert sent and sent[0] >= 1  # a worker process printed at least one part
    settings.DOCUMENT_RENDER_PROCESSES = 0
    alone = registry.build(document, "pdf")
    assert pages_text(together) == pages_text(alone)
    # Joined from its parts, it is still the PDF 1.7 WeasyPrint writes (not a bare 1.3 header).
    assert together.startswith(b"%PDF-1.7") and alone.startswith(b"%PDF-1.7")
    texts = pages_text(together)
    assert texts[0].startswith("ỦY BAN NHÂN DÂN") or "KẾ HOẠCH" in texts[0]
    assert any("PHỤ LỤC" in text.upper() for text in texts)


def test_a_pool_that_broke_prints_the_parts_here(pool, long_plan, caplog):
    document = plan_context(long_plan)
    expected = pages_text(registry.build(document, "pdf"))

    class Broken:
        def submit(self, *args, **kwargs):
            raise BrokenProcessPool("a worker died")

        def shutdown(self, **kwargs):
            pass

    parallel.shutdown()
    parallel._pool, parallel._pool_size = Broken(), 1
    content = registry.build(document, "pdf")
    assert pages_text(content) == expected
    assert "printed in this process" in caplog.text
    assert not isinstance(parallel._pool, Broken)  # dropped: the next print starts fresh workers


def test_a_daemonic_process_prints_every_part_itself(pool, long_plan, monkeypatch):
    """A prefork worker's child may not start processes: it prints alone, and prints."""

    class Daemon:
        daemon = True

    monkeypatch.setattr(parallel.multiprocessing, "current_process", lambda: Daemon())
    content = registry.build(plan_context(long_plan), "pdf")
    assert content.startswith(b"%PDF") and parallel._pool is None


def test_the_children_of_a_prefork_worker_print_alone(pool, long_plan):
    """Celery's prefork children already keep the cores busy with one document each."""
    from celery.signals import worker_process_init

    import reports.jobs  # noqa: F401  (connects the signal, as the worker does)

    worker_process_init.send(sender=None)
    content = registry.build(plan_context(long_plan), "pdf")
    assert content.startswith(b"%PDF") and parallel._pool is None
