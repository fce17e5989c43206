"""Benchmark of the plan importer: time to read and recognise each sample plan.

    .venv/bin/python bench/bench_import.py [--runs 5]

Reads the five sample plans of plans/tests/data/importing (text, and the original .docx where
there is one) with `plans.importing.read_source` and `recognise`, the registry lookups included
(the configured database must be migrated: `make migrate`). Prints the median time of each, and
of the largest sample. Target: the largest sample in 0.5 s or less.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")

import django  # noqa: E402

django.setup()

from plans.importing import read_source, recognise  # noqa: E402

DATA = ROOT / "plans" / "tests" / "data" / "importing"
TARGET_SECONDS = 0.5


def import_once(path: Path) -> float:
    started = time.perf_counter()
    recognise(read_source(data=path.read_bytes(), filename=path.name))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    files = sorted(p for p in DATA.iterdir() if p.suffix in (".txt", ".docx"))
    import_once(files[0])  # first imports pay for loading python-docx, pypdf and the parser's regexes
    largest = max(files, key=lambda p: p.stat().st_size)
    print(f"{'tệp':58} {'KB':>6} {'trung vị (s)':>13}")
    for path in files:
        times = [import_once(path) for _ in range(args.runs)]
        print(f"{path.name:58} {path.stat().st_size / 1024:6.1f} {statistics.median(times):13.3f}")
    times = [import_once(largest) for _ in range(args.runs)]
    median = statistics.median(times)
    verdict = "đạt" if median <= TARGET_SECONDS else "KHÔNG ĐẠT"
    print(f"\nTệp lớn nhất: {largest.name} — {median:.3f} s (mục tiêu ≤ {TARGET_SECONDS} s: {verdict})")
    review = review_render(largest, args.runs)
    verdict = "đạt" if review <= REVIEW_TARGET_SECONDS else "KHÔNG ĐẠT"
    print(f"Trang kiểm tra (xem lại) của tệp đó: {review:.3f} s (mục tiêu ≤ {REVIEW_TARGET_SECONDS} s: {verdict})")


REVIEW_TARGET_SECONDS = 0.3


def review_render(path: Path, runs: int) -> float:
    """Median time of GET on the review page of an uploaded plan (recognised once, kept in the
    session), for an editor of an organization with units; everything written is rolled back."""
    from django.db import transaction
    from django.test import Client
    from django.test.utils import override_settings

    from danvan.tests import factories as f

    with transaction.atomic(), override_settings(ALLOWED_HOSTS=["*"]):
        organization = f.OrganizationFactory(code="bench-import")
        for n in range(15):
            f.UnitFactory(organization=organization, name=f"Phòng chuyên môn thử {n}")
        editor = f.UserFactory(username="bench-import-editor")
        f.MembershipFactory(user=editor, organization=organization, role="editor")
        client = Client()
        client.force_login(editor)
        with path.open("rb") as upload:
            location = client.post("/ke-hoach/nhap/", {"file": upload})["Location"]
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(location)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
        transaction.set_rollback(True)
    return statistics.median(times)


if __name__ == "__main__":
    main()
