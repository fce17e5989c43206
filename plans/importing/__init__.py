"""Bringing a plan in from a Word file, a PDF with a text layer, or pasted text.

Public API (the review page, the `import_plan` command and the create-draft service use these):

* ``read_source(*, data=None, filename="", text=None) -> Source``: the plain text (``.text``) and
  its kind (``.kind``: "docx" | "pdf" | "text"); ``ImportRefused(message)`` with a Vietnamese
  message for what cannot be read (not .docx/PDF/text, an old .doc, a protected or broken .docx,
  a scanned PDF, an empty or oversized input).
* ``recognise(source_or_text, *, organization=None) -> dict``: what the text says, as JSON-ready
  data (keys below). Saves nothing.

Keys of ``recognise``: title, issuer, issuer_parent, number, date, place, sections [{heading, text,
numeral}], citations [{kind, number, date, issuer, subject, name, span, role: basis | implements |
mention, document_id}], units [{name, duties, span, match}], tasks [{content, lead, co, due_text,
due: {kind: date|month|quarter|continuous, date}, output, span, match: {lead, co}}], rounds [{name,
deadline, period_start, period_end, text, span}], recipients, signer {authority, title,
deputy_title, name}; and for the review page: year, period_label, period_start, period_end,
intro, closing, appendix_title, other_text, new_units, found, missing, not_a_plan, and a ``*_span``
([start, end] offsets into ``Source.text``) beside every recognised piece. Dates are
"YYYY-MM-DD" or None.
"""

from __future__ import annotations

from plans.importing.reading import ImportRefused, Source, read_source

__all__ = ["ImportRefused", "Source", "read_source", "recognise"]


def recognise(source_or_text: Source | str, *, organization=None, registry: bool = True) -> dict:
    """What a plan's text says (see the module docstring). ``organization`` matches unit names to
    its units; ``registry`` looks citations up in the shared registry of legal documents."""
    from plans.importing.matching import match_documents, match_units
    from plans.importing.recognising import recognise_source

    source = source_or_text if isinstance(source_or_text, Source) else read_source(text=source_or_text)
    result = recognise_source(source)
    result["source_kind"] = source.kind
    if registry:
        match_documents(result)
    if organization is not None:
        match_units(result, organization)
    return result
