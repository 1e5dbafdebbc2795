from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from .audit.views import AuditEventListApi
from .geo.views import AirportDetailApi, CountryGroupListApi, CountryListApi
from .people.views import (
    MeApi,
    OrgNodeDetailApi,
    OrgNodeListApi,
    PeopleImportApi,
    PersonDetailApi,
    PersonListApi,
)
from .policy.views import (
    GuidanceDetailApi,
    GuidanceDraftSaveApi,
    GuidanceListApi,
    GuidanceVersionDetailApi,
    GuidanceVersionSimulateApi,
    GuidanceVersionTransitionApi,
    TripAssessApi,
)

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("me/", MeApi.as_view(), name="me"),
    path("people/", PersonListApi.as_view(), name="people-list"),
    path("people/import/", PeopleImportApi.as_view(), name="people-import"),
    path("people/<int:person_id>/", PersonDetailApi.as_view(), name="people-detail"),
    path("organisations/", OrgNodeListApi.as_view(), name="organisations-list"),
    path("organisations/<int:node_id>/", OrgNodeDetailApi.as_view(), name="organisations-detail"),
    path("audit/events/", AuditEventListApi.as_view(), name="audit-events"),
    path("guidance/", GuidanceListApi.as_view(), name="guidance-list"),
    # Before the detail route: "drafts" would otherwise be read as a guidance identifier.
    path("guidance/drafts/", GuidanceDraftSaveApi.as_view(), name="guidance-draft-save"),
    # Briefings, the preview and re-assessment runs: before guidance/<slug>/ ("preview" is no slug).
    path("", include("waypost.api.policy.urls")),
    path("guidance/<slug:slug>/", GuidanceDetailApi.as_view(), name="guidance-detail"),
    path(
        "guidance/<slug:slug>/versions/<int:number>/",
        GuidanceVersionDetailApi.as_view(),
        name="guidance-version-detail",
    ),
    path(
        "guidance/<slug:slug>/versions/<int:number>/transition/",
        GuidanceVersionTransitionApi.as_view(),
        name="guidance-version-transition",
    ),
    path(
        "guidance/<slug:slug>/versions/<int:number>/simulate/",
        GuidanceVersionSimulateApi.as_view(),
        name="guidance-version-simulate",
    ),
    path("assess/", TripAssessApi.as_view(), name="assess"),
    path("countries/", CountryListApi.as_view(), name="countries-list"),
    path("country-groups/", CountryGroupListApi.as_view(), name="country-groups-list"),
    path("airports/<str:iata>/", AirportDetailApi.as_view(), name="airports-detail"),
    path("", include("waypost.api.trips.urls")),
    path("", include("waypost.api.invitations.urls")),
    path("", include("waypost.api.notifications.urls")),
    path("", include("waypost.api.screening.urls")),
    path("", include("waypost.api.abroad.urls")),
    path("", include("waypost.api.debriefs.urls")),
    path("", include("waypost.api.reports.urls")),
    path("", include("waypost.api.webhooks.urls")),
    path("", include("waypost.api.account.urls")),
    path("", include("waypost.api.reports.compliance")),
    path("", include("waypost.api.geo.groups")),
]
