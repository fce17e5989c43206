"""Printed documents (PDF, Word, the appendix as .xlsx). Included by reports/urls.py."""

from django.urls import path

from reports.views import documents

urlpatterns = [
    path("van-ban/ke-hoach/<int:pk>/ke-hoach.pdf", documents.plan_pdf, name="plan_pdf"),
    path("van-ban/ke-hoach/<int:pk>/ke-hoach.docx", documents.plan_docx, name="plan_docx"),
    path("van-ban/ke-hoach/<int:pk>/nhiem-vu.xlsx", documents.plan_xlsx, name="plan_xlsx"),
]
