from django.utils.translation import gettext_lazy as _

from waypost.audit.registry import register

PERSON_CREATED = register("person.created", _("Person created"))
PERSON_UPDATED = register("person.updated", _("Person updated"))
PERSON_VIEWED = register("person.viewed", _("Person record viewed"), sensitive_read=True)
PEOPLE_IMPORTED = register("people.imported", _("People imported"))
PEOPLE_IMPORT_REJECTED = register("people.import_rejected", _("People import rejected"))
ORGNODE_CREATED = register("orgnode.created", _("Organisation node created"))
ROLE_GRANTED = register("role.granted", _("Role granted"))
ROLE_REVOKED = register("role.revoked", _("Role revoked"))
ACCOUNT_CREATED = register("account.created", _("Account created"))
USER_LOGGED_IN = register("account.logged_in", _("Signed in"))
USER_LOGIN_FAILED = register("account.login_failed", _("Sign-in failed"))
API_TOKEN_CREATED = register("api_token.created", _("API token created"))
API_TOKEN_REVOKED = register("api_token.revoked", _("API token revoked"))
