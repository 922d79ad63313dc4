from django.apps import AppConfig


class SwpConfig(AppConfig):
    name = "swp"
    verbose_name = "Partnership"
