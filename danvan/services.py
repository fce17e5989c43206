"""Services of the danvan app: the register of issued numbers, and the signed scan of an issued document."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from danvan import uploads
from danvan.events import document_event
from danvan.models import IssuedNumber, Organization
from danvan.text import FIRST_YEAR, LAST_YEAR

MAX_RETRIES = 5
MAX_NUMBER = 999999  # a register never reaches it; larger input is a typing slip (or overflows the column)
YEAR_OUT_OF_RANGE = f"Năm ban hành phải trong khoảng {FIRST_YEAR}–{LAST_YEAR}."
ISSUE_AHEAD = datetime.timedelta(days=31)


def register_next_number(*, organization: Organization, year: int) -> int:
    """The next free number in the organization's register for the year (a suggestion)."""
    last = IssuedNumber.objects.filter(organization=organization, year=year).aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


def number_taken_message(*, organization: Organization, year: int, number: int) -> str:
    """The one wording of a number already in the register, with the number that is free."""
    free = register_next_number(organization=organization, year=year)
    return f"Số {number} năm {year} đã được cấp cho văn bản khác. Số kế tiếp còn trống của năm {year} là {free}."


def issue_date_error(day: datetime.date, today: datetime.date) -> str | None:
    """Why a document cannot be issued on `day`, or None. One rule for plans and reports: the
    register keeps years 2000-2100, and a date may be set at most a month ahead."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return YEAR_OUT_OF_RANGE
    if day > today + ISSUE_AHEAD:
        return f"Ngày ban hành không được quá {ISSUE_AHEAD.days} ngày sau hôm nay."
    return None


def register_claim(*, organization: Organization, kind: str, symbol: str, issued_on: datetime.date,
                   title: str = "", user=None, number: int | None = None) -> IssuedNumber:
    """Claim a number in the register of the issue date's year; the unique constraint makes
    duplicates impossible.

    With `number` given (the clerk edited it), that number or a ValidationError. Without it, the
    next free number; if another clerk took it in the meantime, retry with the following one.
    Must run inside the caller's transaction; each attempt is a savepoint so a clash does not
    break the outer transaction.
    """
    year = issued_on.year
    if not FIRST_YEAR <= year <= LAST_YEAR:  # the register's check constraint, said in words
        raise ValidationError({"issued_on": YEAR_OUT_OF_RANGE})
    attempts = 1 if number is not None else MAX_RETRIES
    for _ in range(attempts):
        candidate = number if number is not None else register_next_number(organization=organization, year=year)
        if not 1 <= candidate <= MAX_NUMBER:
            raise ValidationError({"number": f"Số văn bản phải là số nguyên từ 1 đến {MAX_NUMBER}."})
        try:
            with transaction.atomic():
                return IssuedNumber.objects.create(
                    organization=organization, year=year, number=candidate, kind=kind, symbol=symbol,
                    issued_on=issued_on, title=title[:500], issued_by=user)
        except IntegrityError:
            if number is not None:
                raise ValidationError(
                    {"number": number_taken_message(organization=organization, year=year, number=candidate)})
    raise ValidationError({"number": "Không cấp được số do nhiều người cùng cấp số. Vui lòng thử lại."})


SCAN_CHANGE_REASON = "Tải bản chụp văn bản đã ký"


def document_attach_scan(document, *, kind: str, user, upload):
    """Keep the scan of the signed paper copy of `document` (a locked, issued roll-up or công văn;
    `kind` its name in danvan.events): checked by its content, stored under a generated name (a new
    scan replaces the old), recorded in the history and announced as the "scan" event."""
    uploads.store_signed_scan(document.signed_scan, upload)
    document._history_user = user
    document._change_reason = SCAN_CHANGE_REASON
    document.save()
    document_event(kind=kind, pk=document.pk, event="scan")
    return document
