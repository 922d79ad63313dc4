"""Who may do what, partnership-wide: roles that reach across boards.

Board-level rules (chairs, members, confidentiality) are in boards/rules.py; each app adds the
permissions for its own objects in its own rules.py, built from these predicates.
"""

import rules

from swp.choices import PartnershipRole


def _has_role(role: PartnershipRole) -> rules.Predicate:
    @rules.predicate(name=f"has_role_{role.value}")
    def predicate(user) -> bool:  # type: ignore[no-untyped-def]
        return bool(user.is_authenticated and user.is_active and user.has_partnership_role(role))

    return predicate


is_swp_approver = _has_role(PartnershipRole.SWP_APPROVER)
is_executive = _has_role(PartnershipRole.EXECUTIVE)
is_tasking_officer = _has_role(PartnershipRole.TASKING_OFFICER)
is_analyst = _has_role(PartnershipRole.ANALYST)
is_scrutiny = _has_role(PartnershipRole.SCRUTINY)
is_admin = _has_role(PartnershipRole.ADMIN) | rules.is_superuser

is_signed_in = rules.is_authenticated & rules.is_active

# The audit log leaves the service only through administrators, for information governance.
rules.add_perm("swp.export_audit", is_admin)
