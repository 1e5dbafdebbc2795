from django.db import models
from django.utils.translation import gettext_lazy as _


class NodeKind(models.TextChoices):
    AUTHORITY = "authority", _("Authority")
    ORGANISATION = "organisation", _("Organisation")
    UNIT = "unit", _("Unit")


class JobRole(models.TextChoices):
    EXECUTIVE = "executive", _("Executive")
    SENIOR_RESEARCHER = "senior-researcher", _("Senior researcher")
    RESEARCHER = "researcher", _("Researcher")
    ENGINEER = "engineer", _("Engineer")
    STAFF = "staff", _("Staff")


class AccessRole(models.TextChoices):
    """What a person may do in Waypost, each granted over a subtree of the organisation tree."""

    TRAVELLER = "traveller", _("Traveller")
    APPROVER = "approver", _("Approver")
    SECURITY_OFFICER = "security_officer", _("Security officer")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")
    #: Granted on an authority node: aggregate figures for the organisations under it, no records.
    AUTHORITY_ANALYST = "authority_analyst", _("Authority analyst")


# Allowed kinds of parent for each kind of node.
PARENT_KINDS: dict[str, set[NodeKind | None]] = {
    NodeKind.AUTHORITY: {None, NodeKind.AUTHORITY},
    NodeKind.ORGANISATION: {None, NodeKind.AUTHORITY},
    NodeKind.UNIT: {NodeKind.ORGANISATION, NodeKind.UNIT},
}

SECTORS = {
    "ai": _("Artificial intelligence"),
    "robotics": _("Robotics"),
    "semiconductors": _("Semiconductors"),
    "biotech": _("Biotechnology"),
    "quantum": _("Quantum"),
    "aerospace": _("Aerospace"),
    "cyber": _("Cyber security"),
    "materials": _("Advanced materials"),
    "energy": _("Energy"),
    "telecom": _("Telecommunications"),
}
