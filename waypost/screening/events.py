from django.utils.translation import gettext_lazy as _

from waypost.audit.registry import register

LIST_IMPORTED = register("list.imported", _("Restricted-party list imported"))
LIST_IMPORT_UNCHANGED = register("list.import_unchanged", _("Restricted-party list checked: unchanged"))
HIT_RAISED = register("hit.raised", _("Screening hit raised"))
HIT_REOPENED = register("hit.reopened", _("Cleared screening hit raised again: the list entry changed"))
HIT_CONFIRMED = register("hit.confirmed", _("Screening hit confirmed"))
HIT_WITHDRAWN = register("hit.withdrawn", _("Open screening hit withdrawn: the list entry was removed"))
HIT_CLEARED = register("hit.cleared", _("Screening hit cleared"))
HIT_VIEWED = register("hit.viewed", _("Screening hit viewed"))
