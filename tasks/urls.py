"""URLs of the tasks app, under /nhiem-vu/. Writes are POST-only; the GET ones return fragments."""

from django.urls import path

from tasks import views

app_name = "tasks"

urlpatterns = [
    # Task table of a plan
    path("ke-hoach/<int:plan_pk>/", views.task_list, name="task_list"),
    path("ke-hoach/<int:plan_pk>/them/", views.task_new, name="task_new"),
    path("ke-hoach/<int:plan_pk>/tao/", views.task_create, name="task_create"),
    path("ke-hoach/<int:plan_pk>/nhap-bang/", views.task_table_import, name="task_table_import"),
    path("<int:pk>/", views.task_row, name="task_row"),
    path("<int:pk>/sua/", views.task_edit, name="task_edit"),
    path("<int:pk>/luu/", views.task_update, name="task_update"),
    path("<int:pk>/xoa/", views.task_delete, name="task_delete"),
    path("<int:pk>/di-chuyen/<str:direction>/", views.task_move, name="task_move"),
    path("<int:pk>/gia-han/", views.task_extend, name="task_extend"),
    # Reporting rounds of a plan
    path("ke-hoach/<int:plan_pk>/dot-bao-cao/", views.round_list, name="round_list"),
    path("ke-hoach/<int:plan_pk>/dot-bao-cao/them/", views.round_new, name="round_new"),
    path("ke-hoach/<int:plan_pk>/dot-bao-cao/tao/", views.round_create, name="round_create"),
    path("ke-hoach/<int:plan_pk>/dot-bao-cao/tu-dong/", views.round_generate_form, name="round_generate_form"),
    path("ke-hoach/<int:plan_pk>/dot-bao-cao/tao-tu-dong/", views.rounds_generate, name="rounds_generate"),
    path("dot-bao-cao/<int:pk>/", views.round_row, name="round_row"),
    path("dot-bao-cao/<int:pk>/sua/", views.round_edit, name="round_edit"),
    path("dot-bao-cao/<int:pk>/luu/", views.round_update, name="round_update"),
    path("dot-bao-cao/<int:pk>/xoa/", views.round_delete, name="round_delete"),
    # Copy of last year's plan
    path("ke-hoach/<int:plan_pk>/sao-chep/", views.plan_copy, name="plan_copy"),
]
