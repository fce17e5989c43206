from django.urls import path

from plans import views_archive
from plans.importing import urls as importing_urls
from plans.views import browse, citations, editing, history, sections, workflow

app_name = "plans"

urlpatterns = [
    path("", browse.plan_list, name="list"),
    path("moi/", editing.plan_create, name="create"),
    *importing_urls.urlpatterns,
    path("<int:pk>/", workflow.plan_detail, name="detail"),
    path("<int:pk>/sua/", editing.plan_edit, name="edit"),
    path("<int:pk>/noi-nhan-nguoi-ky/", editing.plan_signing, name="signing"),
    path("<int:pk>/goi-y-noi-nhan/", editing.suggest_recipients, name="suggest_recipients"),
    path("<int:pk>/lich-su/", history.plan_history, name="history"),
    path("<int:pk>/gui-phe-duyet/", workflow.plan_submit, name="submit"),
    path("<int:pk>/phe-duyet/", workflow.plan_approve, name="approve"),
    path("<int:pk>/tra-lai/", workflow.plan_return, name="return"),
    path("<int:pk>/ban-hanh/", workflow.plan_issue, name="issue"),
    path("<int:pk>/ban-ky/", workflow.plan_attach_scan, name="attach_scan"),
    path("<int:pk>/ban-ky/xem/", workflow.plan_scan, name="scan"),
    path("<int:pk>/xoa/", views_archive.plan_delete, name="delete"),
    path("<int:pk>/luu-tru/", views_archive.plan_archive, name="archive"),
    path("<int:pk>/trich-dan/them/", citations.citation_add, name="citation_add"),
    path("<int:pk>/trich-dan/dan/", citations.citation_parse, name="citation_parse"),
    path("<int:pk>/trich-dan/luu/", citations.citation_paste_save, name="citation_paste_save"),
    path("<int:pk>/trich-dan/them-tat-ca/", citations.citation_paste_all, name="citation_paste_all"),
    path("trich-dan/<int:pk>/vai-tro/", citations.citation_role, name="citation_role"),
    path("trich-dan/<int:pk>/di-chuyen/", citations.citation_move, name="citation_move"),
    path("trich-dan/<int:pk>/xoa/", citations.citation_delete, name="citation_delete"),
    path("<int:pk>/muc/them/", sections.section_add, name="section_add"),
    path("muc/<int:pk>/", sections.section_update, name="section_update"),
    path("muc/<int:pk>/di-chuyen/", sections.section_move, name="section_move"),
    path("muc/<int:pk>/xoa/", sections.section_delete, name="section_delete"),
    path("van-ban/", browse.document_list, name="documents"),
    path("van-ban/tim/", citations.document_search, name="document_search"),
]
