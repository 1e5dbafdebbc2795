from django.urls import path

from . import views
from .account import views as account_views
from .audit import views as audit_views
from .people import views as people_views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("people/", people_views.person_list, name="people-list"),
    path("people/import/", people_views.people_import, name="people-import"),
    path("people/<int:person_id>/", people_views.person_detail, name="person-detail"),
    path("organisations/", people_views.org_tree, name="org-tree"),
    path("audit/", audit_views.audit_log, name="audit-log"),
    path("account/", account_views.profile, name="profile"),
    path("account/tokens/<int:token_id>/revoke/", account_views.token_revoke, name="token-revoke"),
]
