from django.apps import AppConfig


class SwpConfig(AppConfig):
    name = "swp"
    verbose_name = "Partnership"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from swp import receivers  # noqa: F401 - connects the audit and session receivers
        from swp.navigation import navigation_register
        from swp.page_cache import writes_watch_install

        connection_created.connect(writes_watch_install, dispatch_uid="swp.writes_watch")
        navigation_register(text="Overview", url_name="home", order=0)
        navigation_register(text="Audit log", url_name="audit-export", permission="swp.export_audit", order=900)
