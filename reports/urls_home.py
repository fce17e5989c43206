"""The site's home page at "/", included by the root URLconf without a namespace (its name is
"home"). It sits in reports, the top app, because it shows plans, rounds and reports together; the
root URLconf in danvan only names this module, so danvan imports nothing from a higher app."""

from django.urls import path

from reports.views.home import home

urlpatterns = [
    path("", home, name="home"),
]
