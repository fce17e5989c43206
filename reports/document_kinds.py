"""Document kinds of the reports app, imported by the documents registry on its first lookup
(reports.documents.registry.kinds → autodiscover_modules("document_kinds")), so the pages and the
`print_document` command find them. Each kind registers itself in its own module."""

from reports.rollups import document  # noqa: F401  (kind "rollup")
from reports.letters import document as letters_document  # noqa: E402,F401  (kind "letter")
