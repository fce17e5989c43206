"""URLs of the công văn đôn đốc (under /bao-cao/)."""

from django.urls import path

from reports.letters import views

urlpatterns = [
    path("dot/<int:round_id>/nhac-don-vi/", views.round_remind, name="round_remind"),
    path("dot/<int:round_id>/cong-van-don-doc/", views.letter_create, name="letter_create"),
    path("cong-van/<int:pk>/", views.letter_detail, name="letter_detail"),
    path("cong-van/<int:pk>/sua/", views.letter_edit, name="letter_edit"),
    path("cong-van/<int:pk>/trinh-ky/", views.letter_submit, name="letter_submit"),
    path("cong-van/<int:pk>/phe-duyet/", views.letter_approve, name="letter_approve"),
    path("cong-van/<int:pk>/tra-lai/", views.letter_return, name="letter_return"),
    path("cong-van/<int:pk>/ban-hanh/", views.letter_issue, name="letter_issue"),
    path("cong-van/<int:pk>/ban-chup/", views.letter_scan, name="letter_scan"),
    path("cong-van/<int:pk>/ban-chup/tai-ve/", views.letter_scan_file, name="letter_scan_file"),
    path("cong-van/<int:pk>/cong-van.pdf", views.letter_pdf, name="letter_pdf"),
    path("cong-van/<int:pk>/cong-van.docx", views.letter_docx, name="letter_docx"),
]
