"""``manage.py extract_citations FILE``: list the legal-document citations of a plan's text.

Lets an editor (or a developer checking an import) see what the parser finds in a plan before
the citations are linked to the shared registry of legal documents.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.citation_parser import parse_citations
from plans.management.files import read_file_bytes

#: Keys printed for each citation, in this order.
OUTPUT_KEYS = ("kind", "number", "date", "issuer", "subject", "span")


class Command(BaseCommand):
    help = "In ra (JSON) các trích dẫn văn bản pháp lý tìm thấy trong một tệp văn bản UTF-8."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp văn bản (UTF-8) của kế hoạch")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            # utf-8-sig: files saved by Windows editors often start with a BOM
            text = read_file_bytes(path).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CommandError(f"Không đọc được tệp {path}: tệp không phải văn bản UTF-8.") from exc
        citations = [{key: c[key] for key in OUTPUT_KEYS} for c in parse_citations(text)]
        self.stdout.write(json.dumps(citations, ensure_ascii=False, indent=2))
