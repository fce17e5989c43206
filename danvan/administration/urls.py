from django.urls import path

from danvan.administration import views

app_name = "administration"

urlpatterns = [
    path("", views.start, name="start"),
    path("<slug:code>/", views.home, name="home"),
    path("<slug:code>/thong-tin/", views.organization_edit, name="organization_edit"),
    path("<slug:code>/don-vi/", views.unit_list, name="units"),
    path("<slug:code>/don-vi/them/", views.unit_form, name="unit_create"),
    path("<slug:code>/don-vi/<int:pk>/", views.unit_form, name="unit_edit"),
    path("<slug:code>/don-vi/<int:pk>/ngung/", views.unit_set_active, {"active": False}, name="unit_deactivate"),
    path("<slug:code>/don-vi/<int:pk>/kich-hoat/", views.unit_set_active, {"active": True}, name="unit_activate"),
    path("<slug:code>/don-vi/<int:pk>/xoa/", views.unit_delete, name="unit_delete"),
    path("<slug:code>/don-vi/<int:pk>/gop/", views.unit_merge, name="unit_merge"),
    path("<slug:code>/nguoi-dung/", views.person_list, name="people"),
    path("<slug:code>/nguoi-dung/them/", views.person_create, name="person_create"),
    path("<slug:code>/nguoi-dung/<int:pk>/", views.person_detail, name="person"),
    path("<slug:code>/nguoi-dung/<int:pk>/vai-tro/", views.role_grant, name="role_grant"),
    path("<slug:code>/nguoi-dung/<int:pk>/vai-tro/<int:membership_pk>/bo/", views.role_revoke, name="role_revoke"),
    path("<slug:code>/nguoi-dung/<int:pk>/khoa/", views.person_set_active, {"active": False}, name="person_deactivate"),
    path("<slug:code>/nguoi-dung/<int:pk>/mo-khoa/", views.person_set_active, {"active": True}, name="person_activate"),
    path("<slug:code>/nguoi-dung/<int:pk>/dat-lai-mat-khau/", views.person_force_reset, name="person_force_reset"),
    path("<slug:code>/nguoi-dung/<int:pk>/mat-khau-tam/", views.person_temporary_password,
         name="person_temporary_password"),
    path("<slug:code>/nhat-ky/", views.audit_log, name="audit_log"),
    path("<slug:code>/nhap/", views.import_file, name="import"),
    path("<slug:code>/xuat/<slug:kind>.xlsx", views.export_file, name="export"),
    path("<slug:code>/co-quan-cap-duoi/", views.children, name="children"),
    path("<slug:code>/co-quan-cap-duoi/them/", views.child_create, name="child_create"),
]
