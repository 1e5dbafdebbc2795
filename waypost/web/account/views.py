from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from waypost.core.errors import NotFound
from waypost.notifications.selectors import calendar_feed_for
from waypost.people import services
from waypost.people.models import ApiToken, Person
from waypost.web.people.forms import StyledForm


class ApiTokenForm(StyledForm):
    name = forms.CharField(label=gettext_lazy("Token name"), max_length=100)
    days = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"),
        coerce=int,
        initial=90,
        choices=[
            (30, gettext_lazy("30 days")),
            (90, gettext_lazy("90 days")),
            (365, gettext_lazy("one year")),
        ],
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        _token, new_secret = services.api_token_create(
            actor=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
        form = ApiTokenForm()
    person = Person.objects.filter(user_id=request.user.pk or 0).select_related("unit", "manager").first()
    tokens = ApiToken.objects.filter(user_id=request.user.pk or 0, revoked_at__isnull=True)
    status = 400 if request.method == "POST" and new_secret is None else 200
    return render(
        request,
        "web/account/profile.html",
        {
            "person": person,
            "tokens": tokens,
            "form": form,
            "new_secret": new_secret,
            "calendar_feed": calendar_feed_for(request.user),
        },
        status=status,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        services.api_token_revoke(actor=request.user, token_id=token_id)
    except NotFound:
        raise Http404() from None
    messages.success(request, _("The token was revoked."))
    return redirect("web:profile")
