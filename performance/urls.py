"""Performance URLs, under /performance/. A plain list: each area of the app adds its own block."""

from django.urls import path, re_path

from performance.views import imports, indicators, packs, quality

urlpatterns = [
    path("indicators/", indicators.indicator_list, name="indicator-list"),
    path("indicators/new/", indicators.indicator_create_view, name="indicator-create"),
    path("indicators/<slug:code>/", indicators.indicator_detail_view, name="indicator-detail"),
    path("indicators/<slug:code>/edit/", indicators.indicator_update_view, name="indicator-update"),
    path("indicators/<slug:code>/values/new/", indicators.measurement_create_view, name="measurement-create"),
    path("indicators/<slug:code>/rating/", indicators.chair_rating_view, name="chair-rating"),
    path("imports/", imports.import_list, name="import-list"),
    path("imports/csv/", imports.import_csv, name="import-csv"),
    path("imports/csv/template/", imports.import_csv_template, name="import-csv-template"),
    path("imports/mps/", imports.import_mps, name="import-mps"),
    path("imports/<int:pk>/", imports.import_detail, name="import-detail"),
    path("quality/", quality.quality, name="quality"),
    path("quality/<str:quarter_slug>/", quality.quality, name="quality-quarter"),
]

# Performance packs (performance/packs/, performance/views/packs.py).
urlpatterns += [
    path("packs/", packs.pack_list, name="pack-list"),
    path("packs/new/", packs.pack_request_view, name="pack-request"),
    path("packs/<int:pk>/", packs.pack_detail, name="pack-detail"),
    path("packs/<int:pk>/status/", packs.pack_status, name="pack-status"),
    path("packs/<int:pk>/publish/", packs.pack_publish_view, name="pack-publish"),
    re_path(r"^packs/(?P<pk>[0-9]+)/download/(?P<kind>pdf|xlsx)/$", packs.pack_download, name="pack-download"),
]
