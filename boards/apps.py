from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"
    verbose_name = "Boards and meetings"

    def ready(self) -> None:
        from boards import receivers, sections  # noqa: F401 - receivers connect the audit of board roles
        from swp.navigation import navigation_register
        from swp.sections import section_register

        section_register(
            page="home", template="boards/sections/home_structure.html", context=sections.home_board_structure, order=50
        )
        section_register(
            page="board",
            template="boards/sections/board_escalations.html",
            context=sections.board_escalations,
            order=60,
            shared=True,
        )
        section_register(
            page="board",
            template="boards/sections/board_meetings.html",
            context=sections.board_meetings,
            order=70,
            shared=True,
        )
        section_register(
            page="board", template="boards/sections/board_calendar.html", context=sections.board_calendar, order=75
        )
        section_register(
            page="board",
            template="boards/sections/board_members.html",
            context=sections.board_people,
            order=90,
            shared=True,
        )
        section_register(
            page="escalations",
            template="boards/sections/escalation_ledger.html",
            context=sections.escalation_ledger,
            shared=True,
            whole_query=True,
        )
        section_register(
            page="meetings",
            template="boards/sections/meeting_ledger.html",
            context=sections.meeting_ledger,
            shared=True,
            whole_query=True,
        )
        navigation_register(text="Meetings", url_name="meeting-list", permission="boards.view_meetings", order=30)
        navigation_register(
            text="Escalations", url_name="escalation-list", permission="boards.view_escalations", order=40
        )
