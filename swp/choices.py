from django.db import models


class Clearance(models.IntegerChoices):
    """National security vetting levels, lowest first; a board may require one of them."""

    NONE = 0, "None"
    BPSS = 1, "Baseline (BPSS)"
    CTC = 2, "Counter-Terrorist Check (CTC)"
    SC = 3, "Security Check (SC)"
    DV = 4, "Developed Vetting (DV)"


class PartnershipRole(models.TextChoices):
    """Roles that reach across boards, as opposed to a board membership."""

    SWP_APPROVER = "swp_approver", "SWP approver"
    EXECUTIVE = "executive", "Executive board member"
    TASKING_OFFICER = "tasking_officer", "Tasking officer"
    ANALYST = "analyst", "Performance analyst"
    SCRUTINY = "scrutiny", "Scrutiny committee member"
    ADMIN = "admin", "Administrator"


class OrganisationKind(models.TextChoices):
    POLICE = "police", "Police"
    COUNCIL = "council", "Local authority"
    FIRE = "fire", "Fire and rescue"
    HEALTH = "health", "Health"
    PROBATION = "probation", "Probation"
    VOLUNTARY = "voluntary", "Voluntary sector"
    BUSINESS = "business", "Business"
    OTHER = "other", "Other"


class PlaceKind(models.TextChoices):
    WARD = "ward", "Ward"
    AREA = "area", "Named area"
    BOROUGH = "borough", "Borough"
