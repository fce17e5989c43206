from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from danvan.backup import backup_create


class Command(BaseCommand):
    help = "Sao lưu toàn bộ dữ liệu (cơ sở dữ liệu và tệp tải lên) vào một tệp .tar.gz nhất quán."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="Đường dẫn tệp sao lưu (mặc định backups/danvan-<thời điểm>.tar.gz)")

    def handle(self, *args, output=None, **options):
        target = Path(output or f"backups/danvan-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        manifest = backup_create(target=target)
        rows = sum(manifest["counts"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Đã sao lưu {rows} bản ghi và {len(manifest['files'])} tệp vào {target}"))
