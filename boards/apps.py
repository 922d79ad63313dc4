from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"
    verbose_name = "Boards and meetings"

    def ready(self) -> None:
        from boards import sections
        from swp.sections import section_register

        section_register(
            page="home", template="boards/sections/home_structure.html", context=sections.home_board_structure, order=50
        )
