from django.apps import AppConfig


class SwpConfig(AppConfig):
    name = "swp"
    verbose_name = "Partnership"

    def ready(self) -> None:
        from swp.navigation import navigation_register

        navigation_register(text="Overview", url_name="home", order=0)
