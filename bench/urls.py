"""The app's URLs plus the benchmark's reference pages, selected by bench/settings.py only."""

from django.urls import path

from bench import views
from swp.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("bench/bare/", views.bare, name="bench-bare"),
    path("bench/empty/", views.empty_page, name="bench-empty"),
    *app_urlpatterns,
]
