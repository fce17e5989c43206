"""URLs of the roll-up reports and of the level above (under /bao-cao/)."""

from django.urls import path

from reports.rollups import views

urlpatterns = [
    path("tong-hop/", views.rollup_list, name="rollup_list"),
    path("tong-hop/dot/<int:round_pk>/", views.rollup_round, name="rollup_round"),
    path("tong-hop/dot/<int:round_pk>/tong-hop/", views.rollup_compile, name="rollup_compile"),
    path("tong-hop/<int:pk>/", views.rollup_detail, name="rollup_detail"),
    path("tong-hop/<int:pk>/sua/", views.rollup_edit, name="rollup_edit"),
    path("tong-hop/<int:pk>/cap-nhat-so-lieu/", views.rollup_refresh, name="rollup_refresh"),
    path("tong-hop/<int:pk>/trinh-duyet/", views.rollup_submit, name="rollup_submit"),
    path("tong-hop/<int:pk>/phe-duyet/", views.rollup_approve, name="rollup_approve"),
    path("tong-hop/<int:pk>/tra-lai/", views.rollup_return, name="rollup_return"),
    path("tong-hop/<int:pk>/ban-hanh/", views.rollup_issue, name="rollup_issue"),
    path("tong-hop/<int:pk>/ban-chup/", views.rollup_scan, name="rollup_scan"),
    path("tong-hop/<int:pk>/ban-chup/tai-ve/", views.rollup_scan_file, name="rollup_scan_file"),
    path("tong-hop/<int:pk>/pdf/", views.rollup_pdf, name="rollup_pdf"),
    path("tong-hop/<int:pk>/docx/", views.rollup_docx, name="rollup_docx"),
    path("tong-hop/<int:pk>/xlsx/", views.rollup_xlsx, name="rollup_xlsx"),
    path("cap-duoi/", views.parent_overview, name="parent_overview"),
    path("cap-duoi/tong-hop/", views.parent_compile, name="parent_compile"),
]
