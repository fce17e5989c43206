"""URLs of “Tổng quan” and of the menu's count of “Việc cần làm” (under /bao-cao/)."""

from django.urls import path

from reports.dashboard import views
from reports.inbox.views import inbox_count

urlpatterns = [
    path("viec-can-lam/so-luong/", inbox_count, name="inbox_count"),
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("tong-quan/theo-don-vi.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("tong-quan/cap-duoi/", views.dashboard_children, name="dashboard_children"),
    path("tong-quan/cap-duoi/<int:org_id>/van-ban/", views.child_documents, name="child_documents"),
]
