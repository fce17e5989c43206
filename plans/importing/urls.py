"""URLs of the import, included in plans/urls.py (namespace "plans"): /ke-hoach/nhap/…"""

from django.urls import path

from plans.importing import views

urlpatterns = [
    path("nhap/", views.import_start, name="import_start"),
    path("nhap/<str:token>/", views.import_review, name="import_review"),
    path("nhap/<str:token>/tao-du-thao/", views.import_create, name="import_create"),
]
