"""Fill a draft plan's task table from a spreadsheet (.xlsx) or .csv with the columns of its own
export (reports/documents/xlsx.py): STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp |
Thời hạn | Sản phẩm. The due is written as the export prints it ("Trước ngày 30/09/2025",
"Tháng 9/2025", "Quý IV/2025", "Thường xuyên") or as the task form takes it ("30/09/2025").

All or nothing: every row is checked, every problem reported as "Dòng N, cột “…”: …" (the header
being row 1), and nothing is saved while one remains.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from danvan.models import Unit
from danvan.resources import clean_text
from danvan.text import search_key
from plans.models import Plan
from tasks import schedule, services
from tasks.models import DueKind, TaskKind

COLUMNS = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Sản phẩm"]
ALIASES = {"thoi gian hoan thanh": "thoi han", "san pham du kien": "san pham", "noi dung": "noi dung nhiem vu",
           "don vi thuc hien": "don vi chu tri", "so tt": "stt", "tt": "stt"}
FIELD_COLUMNS = {"content": "Nội dung nhiệm vụ", "lead_unit": "Đơn vị chủ trì",
                 "coordinating_units": "Đơn vị phối hợp", "due_kind": "Thời hạn", "due": "Thời hạn",
                 "due_date": "Thời hạn", "output": "Sản phẩm"}
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 1000


class TableRefused(Exception):
    """The file as a whole cannot be read (not a spreadsheet, wrong columns, too big)."""


def _key(text) -> str:
    key = search_key(clean_text(text)).strip(" .:")
    return ALIASES.get(key, key)


def read_rows(data: bytes, filename: str) -> list[list]:
    """The cells of the first sheet (.xlsx) or of the .csv, header row first."""
    if len(data) > MAX_BYTES:
        raise TableRefused("Tệp lớn quá 5 MB: bảng nhiệm vụ của một kế hoạch không lớn như vậy.")
    if data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            raise TableRefused("Tệp không phải bảng tính Excel (.xlsx) đọc được.") from None
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 10)]
        workbook.close()
        return rows
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise TableRefused("Tệp .xls (Excel cũ) chưa đọc được: hãy mở bằng Excel và lưu thành .xlsx.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableRefused("Tệp không phải .xlsx hoặc .csv (mã UTF-8) đọc được.") from None
    if "\x00" in text:
        raise TableRefused("Tệp không phải .xlsx hoặc .csv đọc được.")
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)][:MAX_ROWS + 10]


def _header(rows: list[list]) -> tuple[int, dict[str, int]]:
    """(index of the header row, column index by column key); the header may follow a title row."""
    wanted = {_key(c): c for c in COLUMNS}
    for index, row in enumerate(rows[:5]):
        found = {_key(cell): n for n, cell in enumerate(row) if _key(cell)}
        if "noi dung nhiem vu" in found and "don vi chu tri" in found:
            missing = [label for key, label in wanted.items() if key not in found and key != "stt"]
            if missing:
                raise TableRefused(f"Dòng {index + 1} (dòng tiêu đề): thiếu cột "
                                   + ", ".join(f"“{m}”" for m in missing) + ". Tệp phải có các cột: "
                                   + ", ".join(COLUMNS) + " (như bảng nhiệm vụ tải về).")
            return index, found
    raise TableRefused("Không thấy dòng tiêu đề có các cột " + ", ".join(f"“{c}”" for c in COLUMNS)
                       + " (như bảng nhiệm vụ tải về từ kế hoạch).")


_EXTENSION = re.compile(r"\(gia hạn.*\)$", re.IGNORECASE)


def parse_due(value) -> tuple[str, datetime.date | None]:
    """(due kind, date) of a due cell; ValueError with the user's words when it cannot be read."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return DueKind.DATE, value
    text = _EXTENSION.sub("", clean_text(value)).strip()
    key = search_key(text)
    if not key or "thuong xuyen" in key:
        return DueKind.CONTINUOUS, None
    if key.startswith("quy"):
        kind, rest = DueKind.QUARTER, re.sub(r"^qu[ýy]\s*", "", text, flags=re.IGNORECASE)
    elif key.startswith("thang"):
        kind, rest = DueKind.MONTH, re.sub(r"^tháng\s*", "", text, flags=re.IGNORECASE)
    else:
        rest = re.sub(r"^(trước|đến|hạn|trong)\s+(ngày\s+)?|^ngày\s+", "", text, flags=re.IGNORECASE)
        kind = DueKind.DATE if rest.count("/") == 2 or "-" in rest else DueKind.MONTH
    return kind, schedule.parse_due(kind, rest)


def _unit(units: list[Unit], name: str) -> Unit:
    key = search_key(name)
    matches = [u for u in units if search_key(u.name) == key] or \
              [u for u in units if u.short_name and search_key(u.short_name) == key]
    if len(matches) != 1:
        raise ValueError(f"Không có đơn vị “{name}” trong danh sách đơn vị của cơ quan (Quản trị → Đơn vị)."
                         if not matches else f"Có nhiều đơn vị tên “{name}”; hãy ghi tên đầy đủ.")
    return matches[0]


@transaction.atomic
def tasks_import_table(*, plan: Plan, data: bytes, filename: str = "", replace: bool = False) -> int:
    """Add the tasks of the file at the end of a draft plan's table (or, with `replace`, instead of
    the table's tasks; duties units hold are kept). Returns how many were added; raises
    ValidationError with every row's problem, or TableRefused for the file as a whole."""
    rows = read_rows(data, filename)
    start, columns = _header(rows)
    if len(rows) - start - 1 > MAX_ROWS:
        raise TableRefused(f"Tệp có hơn {MAX_ROWS} dòng: hãy chia thành nhiều tệp.")
    plan = services._locked_draft(plan)
    if replace:
        try:
            plan.tasks.filter(kind=TaskKind.TASK).delete()
        except ProtectedError:
            raise ValidationError({NON_FIELD_ERRORS: "Có nhiệm vụ đã được đơn vị báo cáo, không thay thế được "
                                                     "bảng; hãy bỏ chọn “Thay thế”."}) from None
    units = list(Unit.objects.filter(organization=plan.organization))
    errors, added = [], 0

    def cell(row, key):
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    for number, row in enumerate(rows[start + 1:], start=start + 2):
        if all(clean_text(value) == "" for value in row):
            continue
        where = f"Dòng {number}"
        problems = []
        try:
            lead = _unit(units, clean_text(cell(row, "don vi chu tri"))) if clean_text(cell(row, "don vi chu tri")) else None
        except ValueError as error:
            problems.append(f"{where}, cột “Đơn vị chủ trì”: {error}")
            lead = None
        co = []
        for name in re.split(r"[;\n]", clean_text(cell(row, "don vi phoi hop")).replace(" ;", ";")):
            if clean_text(name):
                try:
                    co.append(_unit(units, clean_text(name)))
                except ValueError as error:
                    problems.append(f"{where}, cột “Đơn vị phối hợp”: {error}")
        try:
            due_kind, due = parse_due(cell(row, "thoi han"))
        except ValueError as error:
            problems.append(f"{where}, cột “Thời hạn”: {error}")
            due_kind, due = DueKind.CONTINUOUS, None
        if not problems:
            try:
                with transaction.atomic():
                    services.task_create(plan=plan, content=clean_text(cell(row, "noi dung nhiem vu")), lead_unit=lead,
                                         coordinating_units=list(dict.fromkeys(co)), due_kind=due_kind, due=due,
                                         output=clean_text(cell(row, "san pham")))
                added += 1
                continue
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    column = FIELD_COLUMNS.get(field)
                    problems += [f"{where}, cột “{column}”: {m}" if column else f"{where}: {m}" for m in messages]
        errors.extend(problems)
    if errors:
        raise ValidationError(errors)
    if not added:
        raise ValidationError("Tệp không có dòng nhiệm vụ nào dưới dòng tiêu đề.")
    return added
