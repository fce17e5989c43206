"""``manage.py import_plan FILE [--json] [--organization CODE --save]``: bring a plan in from a file.

FILE is a Word file (.docx), a PDF with a text layer or a UTF-8 text file; "-" reads pasted text
from standard input. Without options a short summary of what was recognised is printed; --json
prints everything recognised (the data the review page shows) and saves nothing; --save creates
one draft plan of the organization, as "Tạo dự thảo" does on the review page.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danvan.models import Organization
from plans.importing import ImportRefused, read_source, recognise
from plans.management.files import read_file_bytes


class Command(BaseCommand):
    help = ("Nhận diện một kế hoạch từ tệp Word (.docx), PDF có lớp chữ hoặc văn bản (\"-\": đọc từ đầu vào "
            "chuẩn); --json in kết quả dạng JSON, --organization MÃ --save tạo dự thảo kế hoạch.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .docx, .pdf hoặc .txt; \"-\" để đọc văn bản từ đầu vào chuẩn")
        parser.add_argument("--json", action="store_true", help="In toàn bộ kết quả nhận diện dạng JSON, không lưu gì")
        parser.add_argument("--organization", metavar="MÃ", help="Mã cơ quan (để đối chiếu đơn vị và tạo dự thảo)")
        parser.add_argument("--save", action="store_true", help="Tạo dự thảo kế hoạch của cơ quan (cần --organization)")

    def handle(self, *args, **options):
        if options["save"] and options["json"]:
            raise CommandError("Chọn --json (chỉ xem, không lưu) hoặc --save (tạo dự thảo), không dùng cả hai.")
        if options["save"] and not options["organization"]:
            raise CommandError("Cần --organization MÃ để biết tạo dự thảo cho cơ quan nào.")
        organization = None
        if options["organization"]:
            organization = Organization.objects.filter(code=options["organization"]).first()
            if organization is None:
                raise CommandError(f"Không có cơ quan mã “{options['organization']}”.")

        try:
            source = self._read(options["file"])
            result = recognise(source, organization=organization)
        except ImportRefused as exc:
            raise CommandError(exc.message) from exc

        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        if options["save"]:
            if result.get("not_a_plan"):
                raise CommandError(result["not_a_plan"])
            from plans.importing.services import plan_create_from_import

            plan = plan_create_from_import(organization=organization, data=result, user=None)
            self.stdout.write(f"Đã tạo dự thảo kế hoạch (mã {plan.pk}): {plan.title}")
            return
        self._summary(result)

    def _read(self, name: str):
        if name == "-":
            return read_source(text=sys.stdin.read())
        path = Path(name)
        data = read_file_bytes(path)
        return read_source(data=data, filename=path.name)

    def _summary(self, result: dict) -> None:
        write = self.stdout.write
        if result.get("not_a_plan"):
            write(result["not_a_plan"])
        write(f"Trích yếu: {result['title'] or '(không thấy)'}")
        write(f"Cơ quan ban hành: {result['issuer'] or '(không thấy)'}")
        write(f"Số: {result['number'] or '(chưa có)'}; ngày: {result['date'] or '(chưa có)'}")
        roles = {"basis": "căn cứ", "implements": "triển khai", "mention": "nhắc đến"}
        counts = ", ".join(f"{sum(1 for c in result['citations'] if c['role'] == role)} {word}"
                           for role, word in roles.items())
        write(f"Văn bản trích dẫn: {counts}")
        write(f"Mục: {len(result['sections'])}; nhiệm vụ: {len(result['tasks'])}; đơn vị có nhiệm vụ: "
              f"{len(result['units'])}; đợt báo cáo: {len(result['rounds'])}; nơi nhận: {len(result['recipients'])}")
        if result["missing"]:
            write(f"Không thấy: {', '.join(result['missing'])}")
