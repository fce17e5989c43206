"""URLs of “Tổng quan” (under /bao-cao/)."""

from django.urls import path

from reports.dashboard import views

urlpatterns = [
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("tong-quan/theo-don-vi.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("tong-quan/cap-duoi/", views.dashboard_children, name="dashboard_children"),
    path("tong-quan/cap-duoi/<int:org_id>/van-ban/", views.child_documents, name="child_documents"),
]
