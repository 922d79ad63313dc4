from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Action plans"

    def ready(self) -> None:
        from actions import receivers, sections
        from actions.choices import ActionStatus
        from actions.filters import PROGRESS_CHOICES, SORTS
        from boards.signals import action_agreed, action_refused, meeting_reclassified, outcome_kept
        from swp.navigation import navigation_register
        from swp.sections import section_register

        action_agreed.connect(receivers.action_agreed_received, dispatch_uid="actions.action_agreed")
        outcome_kept.connect(receivers.outcome_kept_received, dispatch_uid="actions.outcome_kept")
        action_refused.connect(receivers.action_refused_received, dispatch_uid="actions.action_refused")
        meeting_reclassified.connect(
            receivers.meeting_reclassified_received, dispatch_uid="actions.meeting_reclassified"
        )
        section_register(
            page="board",
            template="actions/sections/board_plan.html",
            context=sections.board_plan_summary,
            order=20,
            shared=True,
        )
        section_register(
            page="action",
            template="actions/sections/action_heading.html",
            context=sections.action_heading,
            order=10,
            shared=True,
        )
        section_register(
            page="action", template="actions/sections/action_controls.html", context=sections.action_controls, order=20
        )
        section_register(
            page="action",
            template="actions/sections/action_record.html",
            context=sections.action_record,
            order=30,
            shared=True,
            asked=(("all", ("history", "updates")),),
        )
        # The plan's list is kept for its filters' fixed choices; a page number, an owner or a date
        # is rendered for the request.
        plan_list_asked = (
            ("progress", tuple(str(value) for value, _ in PROGRESS_CHOICES)),
            ("sort", tuple(SORTS)),
            ("status", tuple(ActionStatus.values)),
        )
        section_register(
            page="plan",
            template="actions/sections/plan_actions.html",
            context=sections.plan_actions_list,
            order=10,
            shared=True,
            asked=plan_list_asked,
            whole_query=True,
        )
        section_register(
            page="plan-movable",
            template="actions/sections/plan_actions.html",
            context=sections.plan_actions_movable,
            order=10,
        )
        for page in ("plan", "plan-movable"):
            section_register(
                page=page,
                template="actions/sections/plan_history.html",
                context=sections.plan_history,
                order=20,
                shared=True,
            )
        section_register(
            page="executive",
            template="actions/sections/executive_overview.html",
            context=sections.executive_overview_section,
            order=10,
            shared=True,
        )
        navigation_register(text="My actions", url_name="my-actions", permission="actions.view_my_actions", order=20)
        navigation_register(text="Executive", url_name="executive", permission="actions.view_executive", order=50)
