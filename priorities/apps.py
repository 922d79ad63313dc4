from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = "Priorities"

    def ready(self) -> None:
        from priorities import sections
        from swp.sections import sections_register

        sections_register(sections.PAGE_SECTIONS)
