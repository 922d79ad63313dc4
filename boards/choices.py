from django.db import models


class BoardKind(models.TextChoices):
    PARTNERSHIP = "partnership", "Partnership board"
    EXECUTIVE = "executive", "Executive board"
    THEMATIC = "thematic", "Thematic board"
    EXTERNAL = "external", "Linked external board"


class MembershipRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"
    ACTION_OWNER = "action_owner", "Action owner"


class MeetingKind(models.TextChoices):
    PARTNERSHIP_TASKING = "partnership_tasking", "Partnership tasking"
    PROBLEM_SOLVING = "problem_solving", "Problem-solving"
    BOARD = "board", "Board meeting"
    WORKSHOP = "workshop", "Workshop"


class OutcomeKind(models.TextChoices):
    DECISION = "decision", "Decision"
    INFORMATION = "information", "Information"
    ACTION_AGREED = "action_agreed", "Action agreed"
    ESCALATION = "escalation", "Escalation"


class EscalationState(models.TextChoices):
    RAISED = "raised", "Raised"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    RESOLVED = "resolved", "Resolved"
    ESCALATED = "escalated", "Escalated to the Executive"
