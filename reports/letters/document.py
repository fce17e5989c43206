"""The công văn đôn đốc as a printed document (kind "letter" of reports.documents).

As for plans and roll-ups, two steps so an issued letter reprints what was signed:
`letter_print_data(letter)` reads the live letter into a JSON-able dict (the snapshot kept at
issue), `letter_document(data, pk=...)` turns such a dict into the `Document` that PDF and Word are
built from. The layout is the shared one; a công văn differs by "V/v …" under its number, no
title block, "Kính gửi" the units and "- Như trên;" opening Nơi nhận (FORMAT.md §4.1, §4.2, §7.1).
"""

from __future__ import annotations

from reports.documents import Document, DocumentKind, register
from reports.documents.context import body_blocks, finish_blocks, printed_data, state_document
from reports.letters.models import ReminderLetter


def letter_print_data(letter: ReminderLetter) -> dict:
    org = letter.organization
    issued = letter.is_issued
    return {
        "organization": {
            "name": org.name, "header_parent_name": org.header_parent_name, "header_lines": org.header_lines,
            "place_name": org.place_name, "issuer_symbol": org.issuer_symbol, "authority_line": org.authority_line,
        },
        "title": f"V/v {letter.subject}",
        "symbol": letter.symbol,
        "number": letter.number if issued else None,
        "issued_on": letter.issued_on.isoformat() if issued and letter.issued_on else None,
        "addressees": [unit.name for unit in letter.units.order_by("order", "name")],
        "body": letter.body,
        "recipients": letter.recipient_lines(),
        "drafting_symbol": letter.drafting_symbol,
        "signer": {"authority": letter.signer_authority, "title": letter.signer_title,
                   "deputy_title": letter.signer_deputy_title, "name": letter.signer_name},
    }


def _addressees(names: list[str]) -> list[str]:
    """One unit on the "Kính gửi:" line; several as "- …;" lines, the last ending "." (§4.2)."""
    if len(names) == 1:
        return [f"{names[0]}."]
    return [f"- {name}{'.' if n == len(names) - 1 else ';'}" for n, name in enumerate(names)]


def letter_document(data: dict, *, pk: int) -> Document:
    recipients = list(data.get("recipients") or [])
    if not any(line.strip(" -").lower().startswith("như trên") for line in recipients):
        recipients.insert(0, "Như trên")  # Kính gửi is used, so Nơi nhận opens with "- Như trên;"
    document = state_document({**data, "recipients": recipients}, pk=pk, kind="letter", kind_word="CÔNG VĂN",
                              kind_name="Công văn", blocks=finish_blocks(body_blocks(data.get("body") or "")),
                              appendices=[], filing_unit=data.get("drafting_symbol") or "")
    document.letter_subject = document.title
    document.addressees = _addressees(data.get("addressees") or [])
    return document


def letter_context(letter: ReminderLetter) -> Document:
    """The letter as printed: an issued one from its snapshot, else live."""
    return letter_document(printed_data(letter, letter_print_data, "organization", "addressees"), pk=letter.pk)


register(DocumentKind(name="letter", label="công văn", model=ReminderLetter, context=letter_context,
                      formats=("pdf", "docx"), select_related=("organization",)))
