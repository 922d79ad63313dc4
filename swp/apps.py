from django.apps import AppConfig


class SwpConfig(AppConfig):
    name = "swp"
    verbose_name = "Partnership"

    def ready(self) -> None:
        from swp import receivers  # noqa: F401 - connects the audit and session receivers
        from swp.navigation import navigation_register

        navigation_register(text="Overview", url_name="home", order=0)
        navigation_register(text="Audit log", url_name="audit-export", permission="swp.export_audit", order=900)
