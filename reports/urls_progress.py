"""URLs of unit progress reports and the private calendar feed (under /bao-cao/)."""

from django.urls import path

from reports.views import progress as views

urlpatterns = [
    path("don-vi/", views.my_unit, name="my_unit"),
    path("don-vi/dot/<int:round_id>/<int:unit_id>/", views.unit_report_edit, name="unit_report_edit"),
    path("don-vi/bao-cao/<int:pk>/", views.unit_report_detail, name="unit_report_detail"),
    path("don-vi/bao-cao/<int:pk>/tiep-nhan/", views.unit_report_accept, name="unit_report_accept"),
    path("don-vi/bao-cao/<int:pk>/tra-lai/", views.unit_report_return, name="unit_report_return"),
    path("don-vi/minh-chung/<int:pk>/", views.evidence, name="evidence"),
    path("dot/<int:round_id>/tien-do/", views.round_board, name="round_board"),
    path("lich/", views.calendar_settings, name="calendar_settings"),
    path("lich/tao-dia-chi/", views.calendar_token_reset, name="calendar_token_reset"),
    path("lich/thu-hoi/", views.calendar_token_revoke, name="calendar_token_revoke"),
    path("lich/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
