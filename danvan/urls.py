from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from danvan.forms import AdminLoginForm, LoginForm
from danvan.views import organization_switch

admin.site.site_header = "Quản trị hệ thống kế hoạch – báo cáo"
admin.site.site_title = "Quản trị"
admin.site.index_title = "Danh mục quản trị"
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", include("reports.urls_home")),  # the home page (plans, rounds and reports together)
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("co-quan/chon/", organization_switch, name="organization_switch"),
    path("ke-hoach/", include("plans.urls")),
    path("nhiem-vu/", include("tasks.urls")),
    path("bao-cao/", include("reports.urls")),
    path("quan-tri-co-quan/", include("danvan.administration.urls")),
    path("", include("danvan.administration.accounts")),  # password change and reset
    path("quan-tri/", admin.site.urls),
]
