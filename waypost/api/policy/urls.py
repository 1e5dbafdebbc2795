"""Routes of the briefing editor, the guidance preview and re-assessment runs (namespace ``api``).

Included before ``guidance/<slug>/``: "preview" would otherwise be read as a guidance identifier.
"""

from __future__ import annotations

from django.urls import path

from .briefings import BriefingDetailApi, BriefingListApi
from .editor import GuidancePreviewApi, ReassessmentRunApi

urlpatterns = [
    path("briefings/", BriefingListApi.as_view(), name="briefings-list"),
    path("briefings/<int:briefing_id>/", BriefingDetailApi.as_view(), name="briefings-detail"),
    path("guidance/preview/", GuidancePreviewApi.as_view(), name="guidance-preview"),
    path("guidance/runs/<int:run_id>/", ReassessmentRunApi.as_view(), name="guidance-reassessment"),
]
