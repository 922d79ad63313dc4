from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import include, path

from swp import views
from swp.forms import SignInForm

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("health/", views.health, name="health"),
    path("audit/export/", views.audit_export, name="audit-export"),
    path("accounts/login/", LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("boards.urls")),
    path("", include("actions.urls")),
    path("performance/", include("performance.urls")),
]
