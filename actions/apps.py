from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Action plans"

    def ready(self) -> None:
        from actions import sections
        from swp.navigation import navigation_register
        from swp.sections import section_register

        section_register(
            page="board", template="actions/sections/board_plan.html", context=sections.board_plan_summary, order=20
        )
        navigation_register(text="My actions", url_name="my-actions", permission="actions.view_my_actions", order=20)
