from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from danvan.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Khôi phục một tệp sao lưu vào cơ sở dữ liệu trống (chạy migrate trước nếu cần)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp .tar.gz do lệnh backup tạo ra")

    def handle(self, *args, archive, **options):
        # The new server gets what `migrate` alone does not make: the document cache's table.
        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        try:
            manifest = backup_restore(source=Path(archive))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(self.style.SUCCESS(f"Đã khôi phục {rows} bản ghi và {len(manifest['files'])} tệp."))
