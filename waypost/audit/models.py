"""The append-only, hash-chained audit log."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One change or sensitive read, chained to the event before it.

    ``hash`` is SHA-256 over this event's canonical content and ``prev_hash``,
    so editing, deleting or reordering any row breaks the chain from there on
    (``waypost audit verify``). ``seq`` is dense (1, 2, 3 …) so a deleted row
    leaves a visible gap. The actor's and target's display strings are copied
    in, so the log stays readable after either is renamed or removed.

    No code path updates or deletes rows; database triggers refuse it.
    """

    seq = models.BigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=255, blank=True)
    target_type = models.CharField(_("object type"), max_length=64, blank=True, db_index=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=255, blank=True)
    org_path = models.CharField(_("organisation path"), max_length=512, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    extra = models.JSONField(_("details"), default=dict, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            # the auditor's "what happened to this object" filter
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.target_label}"


class AuditChainHead(models.Model):
    """A single row holding the newest event's seq and hash.

    Writers lock it (``select_for_update``) to append one event at a time, which
    keeps the chain linear across many web and worker processes.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head #{self.seq}"
