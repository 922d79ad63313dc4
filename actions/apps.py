from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Action plans"

    def ready(self) -> None:
        from actions import receivers, sections
        from boards.signals import action_agreed, action_refused, meeting_reclassified, outcome_kept
        from swp.navigation import navigation_register
        from swp.sections import sections_register

        action_agreed.connect(receivers.action_agreed_received, dispatch_uid="actions.action_agreed")
        outcome_kept.connect(receivers.outcome_kept_received, dispatch_uid="actions.outcome_kept")
        action_refused.connect(receivers.action_refused_received, dispatch_uid="actions.action_refused")
        meeting_reclassified.connect(
            receivers.meeting_reclassified_received, dispatch_uid="actions.meeting_reclassified"
        )
        sections_register(sections.PAGE_SECTIONS)
        navigation_register(text="My actions", url_name="my-actions", permission="actions.view_my_actions", order=20)
        navigation_register(text="Executive", url_name="executive", permission="actions.view_executive", order=50)
