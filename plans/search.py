"""Finding a plan by what is in it: its number ("125/KH-UBND"), title, sections, tasks and the
documents it cites ("33/CT-TTg", "3177", "dân vận khéo"), with or without diacritics, matching
whole words ("quy ước" never finds "Quốc", "hương ước" never finds "Thường").

A plan keeps one search document in `Plan.search_text`: the lower-case ASCII words of all its
text, space separated and padded with a space at each end (" ke hoach 125 kh ubnd ... "). It is
rebuilt when the plan is saved, when a section, citation or task of it changes, and when a document
it cites or implements is edited (signals in plans.signals and tasks.apps). A query is split into terms at spaces; each term becomes its words ("125/KH-UBND"
→ "125 kh ubnd") and must stand in the document as whole consecutive words; all terms must match.
On PostgreSQL the match is the database's full-text search (the 'simple' configuration, one
phrase query per term, all joined with &) over that unaccented document, through a GIN index on its
vector; elsewhere (SQLite) a LIKE on " word " does the same.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable
from functools import reduce

from django.db import connection
from django.db.models import Q

from danvan.text import search_key

_WORD = re.compile(r"[a-z0-9]+")


def search_words(text: str) -> list[str]:
    """The words of a text as searched: ASCII, lower case, punctuation dropped."""
    return _WORD.findall(search_key(text))


def search_document(parts: Iterable[str]) -> str:
    return f" {' '.join(word for part in parts for word in search_words(part or ''))} "


def query_terms(query: str) -> list[str]:
    """Each space-separated term of a query as its words ("33/CT-TTg" → "33 ct ttg")."""
    terms = []
    for term in (query or "").split():
        words = search_words(term)
        if words:
            terms.append(" ".join(words))
    return terms


SEARCH_CONFIG = "simple"  # no stemming, no stop words: the document is already unaccented words
SEARCH_INDEX = "plans_plan_search_gin"


def search_vector(path: str = "search_text"):
    """The text-search vector of the search document, as the query and its GIN index write it."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector(path, config=SEARCH_CONFIG)


def search_index():
    """The GIN index the PostgreSQL query uses (created by migration plans 0008 on PostgreSQL only,
    from this same expression, so the planner matches the two)."""
    from django.contrib.postgres.indexes import GinIndex

    return GinIndex(search_vector(), name=SEARCH_INDEX)


def terms_condition(query: str, path: str = "search_text") -> Q | None:
    """The filter for a query (None when it has no word): every term, as whole words."""
    terms = query_terms(query)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        phrases = [SearchQuery(term, config=SEARCH_CONFIG, search_type="phrase") for term in terms]
        return Q(pk__in=_fts_ids(search_vector(path), reduce(operator.and_, phrases)))
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{path}__contains": f" {term} "})
    return condition


def _fts_ids(vector, query):
    from plans.models import Plan

    return Plan.objects.annotate(search_vector=vector).filter(search_vector=query).values("pk")


def plan_search_parts(plan) -> list[str]:
    """Everything a plan is found by: header, number, sections, tasks, cited and implemented documents."""
    parts = [plan.title, plan.period_label, plan.number_display if plan.number else "", plan.symbol]
    if plan.pk is None:
        return parts
    parts += [f"{heading} {body}" for heading, body in plan.sections.values_list("heading", "body")]
    parts += [f"{content} {output}" for content, output in plan.tasks.values_list("content", "output")]
    documents = plan.citations.values_list("document__kind", "document__number", "document__name",
                                           "document__issuer", "document__subject")
    parts += [" ".join(document) for document in documents]
    if plan.implements_id:
        implements = plan.implements
        parts.append(f"{implements.kind} {implements.number} {implements.name} {implements.subject}")
    return parts


def plan_search_refresh(plan_id: int | None) -> None:
    """Rebuild one plan's search document (after a section, citation or task changed)."""
    from plans.models import Plan

    plan = Plan.objects.filter(pk=plan_id).select_related("organization", "implements").first()
    if plan is not None:
        Plan.objects.filter(pk=plan.pk).update(search_text=search_document(plan_search_parts(plan)))


def plan_search_refresh_citing(document_id: int) -> None:
    """Rebuild the search document of every plan citing or implementing a legal document (after the
    document's number, name, issuer or subject was edited: in the admin, by an import, anywhere)."""
    from plans.models import Citation, Plan

    citing = Citation.objects.filter(document_id=document_id).values("plan_id")
    for plan_id in (Plan.objects.filter(Q(pk__in=citing) | Q(implements_id=document_id))
                    .order_by("pk").values_list("pk", flat=True)):
        plan_search_refresh(plan_id)
