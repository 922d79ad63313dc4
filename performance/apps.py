from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Performance"

    def ready(self) -> None:
        from performance import partnership_file, sections
        from priorities.partnership_file import partnership_file_section_register
        from swp.navigation import navigation_register
        from swp.sections import sections_register

        navigation_register(
            text="Performance", url_name="indicator-list", permission="performance.view_indicators", order=40
        )
        navigation_register(
            text="Performance packs", url_name="pack-list", permission="performance.view_packs", order=45
        )
        sections_register(sections.PAGE_SECTIONS)
        partnership_file_section_register(
            key="indicators", parse=partnership_file.indicators_parse, apply=partnership_file.indicators_apply
        )
