from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from .audit.views import AuditEventListApi
from .people.views import (
    MeApi,
    OrgNodeDetailApi,
    OrgNodeListApi,
    PeopleImportApi,
    PersonDetailApi,
    PersonListApi,
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
]
