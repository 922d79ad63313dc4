from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"
    verbose_name = "Boards and meetings"

    def ready(self) -> None:
        from boards import receivers, sections  # noqa: F401 - receivers connect the audit of board roles
        from swp.navigation import navigation_register
        from swp.sections import sections_register

        sections_register(sections.PAGE_SECTIONS)
        navigation_register(text="Meetings", url_name="meeting-list", permission="boards.view_meetings", order=30)
        navigation_register(
            text="Escalations", url_name="escalation-list", permission="boards.view_escalations", order=40
        )
