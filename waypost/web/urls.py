from django.urls import include, path

from . import views
from .account import views as account_views
from .audit import views as audit_views
from .people import views as people_views
from .policy import views as policy_views
from .trips import urls as trip_urls

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("people/", people_views.person_list, name="people-list"),
    path("people/import/", people_views.people_import, name="people-import"),
    path("people/<int:person_id>/", people_views.person_detail, name="person-detail"),
    path("organisations/", people_views.org_tree, name="org-tree"),
    path("audit/", audit_views.audit_log, name="audit-log"),
    path("guidance/", policy_views.guidance_list, name="guidance-list"),
    path("guidance/new/", policy_views.guidance_edit, name="guidance-new"),
    path("guidance/preview/", policy_views.guidance_preview, name="guidance-preview"),
    path("guidance/groups/", policy_views.country_groups, name="country-groups"),
    path("guidance/briefings/", policy_views.briefing_list, name="briefing-list"),
    path("guidance/briefings/new/", policy_views.briefing_edit, name="briefing-new"),
    path("guidance/briefings/<int:briefing_id>/", policy_views.briefing_edit, name="briefing-edit"),
    path("guidance/runs/<int:run_id>/", policy_views.reassessment_progress, name="reassessment-progress"),
    path("guidance/<slug:slug>/", policy_views.guidance_detail, name="guidance-detail"),
    path("guidance/<slug:slug>/edit/", policy_views.guidance_edit, name="guidance-edit"),
    path("guidance/<slug:slug>/v<int:number>/", policy_views.version_detail, name="guidance-version"),
    path(
        "guidance/<slug:slug>/v<int:number>/transition/",
        policy_views.version_transition,
        name="guidance-transition",
    ),
    path(
        "guidance/<slug:slug>/v<int:number>/simulate/",
        policy_views.version_simulate,
        name="guidance-simulate",
    ),
    path("", include(trip_urls.urlpatterns)),
    path("", include("waypost.web.trips.declare_urls")),
    path("", include("waypost.web.invitations.urls")),
    path("", include("waypost.web.notifications.urls")),
    path("", include("waypost.web.screening.urls")),
    path("", include("waypost.web.abroad.urls")),
    path("", include("waypost.web.debriefs.urls")),
    path("", include("waypost.web.reports.urls")),
    path("", include("waypost.web.webhooks.urls")),
    path("account/", account_views.profile, name="profile"),
    path("account/tokens/<int:token_id>/revoke/", account_views.token_revoke, name="token-revoke"),
]
