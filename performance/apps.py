from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Performance"

    def ready(self) -> None:
        from performance import partnership_file, sections
        from priorities.partnership_file import partnership_file_section_register
        from swp.navigation import navigation_register
        from swp.sections import section_register

        navigation_register(
            text="Performance", url_name="indicator-list", permission="performance.view_indicators", order=40
        )
        navigation_register(
            text="Performance packs", url_name="pack-list", permission="performance.view_packs", order=45
        )
        section_register(
            page="board",
            template="performance/sections/board_indicators.html",
            context=sections.board_indicators,
            order=40,
            shared=True,
        )
        section_register(
            page="indicators",
            template="performance/sections/indicator_list.html",
            context=sections.indicator_list,
            shared=True,
            whole_query=True,
        )
        section_register(
            page="indicator",
            template="performance/sections/indicator_heading.html",
            context=sections.indicator_heading,
            order=10,
            shared=True,
        )
        section_register(
            page="indicator",
            template="performance/sections/indicator_controls.html",
            context=sections.indicator_controls,
            order=20,
        )
        section_register(
            page="indicator",
            template="performance/sections/indicator_figures.html",
            context=sections.indicator_figures,
            order=30,
            shared=True,
        )
        partnership_file_section_register(
            key="indicators", parse=partnership_file.indicators_parse, apply=partnership_file.indicators_apply
        )
