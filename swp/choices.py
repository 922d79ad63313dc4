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


class AuditEventKind(models.TextChoices):
    """What the audit log records: security events an information governance team asks about."""

    SIGNED_IN = "signed_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    LOCKED_OUT = "locked_out", "Sign-in locked out"
    LOCKOUT_CLEARED = "lockout_cleared", "Sign-in lockout cleared"
    SIGNED_OUT = "signed_out", "Signed out"
    SESSION_ENDED = "session_ended", "Session ended by the service"
    ACCESS_REFUSED = "access_refused", "Access refused"
    PACK_DOWNLOADED = "pack_downloaded", "Pack downloaded"
    PUBLISHED = "published", "Published"
    CLEARANCE_CHANGED = "clearance_changed", "Clearance changed"
    ACCOUNT_DEACTIVATED = "account_deactivated", "Account deactivated"
    ACCOUNT_REACTIVATED = "account_reactivated", "Account reactivated"
    ROLE_GRANTED = "role_granted", "Role granted"
    ROLE_REVOKED = "role_revoked", "Role revoked"
    AUDIT_EXPORTED = "audit_exported", "Audit log exported"
