from django.utils.translation import gettext_lazy as _

from waypost.audit.registry import register

GUIDANCE_DRAFT_SAVED = register("guidance.draft_saved", _("Guidance draft saved"))
GUIDANCE_PUBLISHED = register("guidance.published", _("Guidance published"))
GUIDANCE_RETIRED = register("guidance.retired", _("Guidance retired"))
GUIDANCE_DRAFT_DISCARDED = register("guidance.draft_discarded", _("Guidance draft discarded"))
GUIDANCE_SIMULATED = register("guidance.simulated", _("Guidance simulated"))
GUIDANCE_SUPERSEDED = register("guidance.superseded", _("Guidance version superseded"))
BRIEFING_SAVED = register("briefing.saved", _("Briefing saved"))
