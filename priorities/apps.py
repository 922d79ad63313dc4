from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = "Priorities"

    def ready(self) -> None:
        from priorities import sections
        from swp.sections import section_register

        section_register(
            page="home", template="priorities/sections/home_vision.html", context=sections.home_vision, order=10
        )
        section_register(
            page="board",
            template="priorities/sections/board_aim.html",
            context=sections.board_aim_and_objectives,
            shared=True,
            order=10,
        )
