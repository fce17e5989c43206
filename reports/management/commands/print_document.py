"""Batch printing: the same bytes the site serves, written to a file.

    python manage.py print_document plan 12 --format pdf -o ke-hoach-12.pdf

Kinds come from the document registry (reports.documents), so a newly registered kind
("rollup") prints here without changing this command.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports import documents


class Command(BaseCommand):
    help = "In một văn bản (kế hoạch, báo cáo…) ra tệp PDF, Word hoặc Excel đúng như bản tải trên trang."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="Loại văn bản, ví dụ: plan")
        parser.add_argument("pk", help="Mã (số thứ tự trong cơ sở dữ liệu) của văn bản")
        parser.add_argument("--format", "-f", dest="fmt", choices=sorted(documents.MIME_TYPES),
                            default="pdf", help="Định dạng: pdf (mặc định), docx hoặc xlsx")
        parser.add_argument("-o", "--output", help="Tệp ghi ra; mặc định là tên tệp như khi tải trên trang")

    def handle(self, *args, kind, pk, fmt, output, **options):
        try:
            document_kind = documents.get_kind(kind)
        except documents.DocumentError as error:
            raise CommandError(str(error)) from None
        try:
            obj = document_kind.get(int(pk))
        except (ValueError, document_kind.model.DoesNotExist):
            raise CommandError(f"Không tìm thấy {document_kind.label} có mã “{pk}”.") from None
        try:
            filename, _mime, content = documents.render(kind, obj, fmt)
        except documents.DocumentError as error:
            raise CommandError(str(error)) from None
        target = Path(output or filename)
        try:
            target.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Không ghi được tệp “{target}”: {error.strerror}.") from None
        self.stdout.write(f"Đã ghi {target} ({len(content):,} byte).".replace(",", "."))
