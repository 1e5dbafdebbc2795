"""The briefing editor over the API: list, create, read and change what travellers read before a trip.

Each view parses, calls :func:`waypost.policy.services.briefing_save` or reads the briefings the
actor may see, and serializes, as the web editor does. A briefing the actor may not see answers
404; one they see but may not edit (they are not a security officer or administrator over its
issuer) answers 403. Changing the title or text makes a new version, which travellers acknowledge
again; saving the same texts changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.core.errors import NotFound, PermissionDenied, ValidationFailed
from waypost.people.models import OrgNode
from waypost.policy import services
from waypost.policy.models import Briefing
from waypost.policy.permissions import can_author_any_guidance, can_author_guidance

from ..errors import error_responses
from ..pagination import Pagination

LANGUAGES_HELP = "By language: `en` (required), `de`, `zh-hans`; other keys are ignored."
# The service names the form's fields; the API names its own.
FIELD_NAMES = {"title_en": "title.en", "body_en": "body.en"}

BRIEFING_EXAMPLE = {
    "id": 3,
    "slug": "high-risk",
    "issuer": "lumen",
    "title": {"en": "Travelling to a high-risk country", "de": "Reisen in ein Hochrisikoland"},
    "body": {"en": "Take a clean laptop. Do not connect to hotel Wi-Fi.", "de": "Nehmen Sie …"},
    "version": 2,
    "updated_at": "2026-03-02T12:00:00Z",
    "editable": True,
}
CREATE_EXAMPLE = {
    "slug": "high-risk",
    "issuer": "lumen",
    "title": {"en": "Travelling to a high-risk country"},
    "body": {"en": "Take a clean laptop. Do not connect to hotel Wi-Fi."},
}
INVALID_EXAMPLE = OpenApiExample(
    "Invalid",
    value={
        "error": {
            "code": "invalid",
            "message": "Some fields are not valid.",
            "fields": {
                "slug": ["This issuer already has a briefing with this identifier."],
                "body.en": ["An English text is required."],
            },
        }
    },
    response_only=True,
    status_codes=["400"],
)


class BriefingOutput(serializers.ModelSerializer):
    issuer: Any = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    title = serializers.DictField(child=serializers.CharField(), help_text="Title by language")
    body = serializers.DictField(child=serializers.CharField(), help_text="Markdown text by language")
    version = serializers.IntegerField(help_text="Raised by every change of title or text")
    editable = serializers.SerializerMethodField(help_text="Whether you may change it")

    class Meta:
        model = Briefing
        fields = ["id", "slug", "issuer", "title", "body", "version", "updated_at", "editable"]

    @extend_schema_field(serializers.BooleanField())
    def get_editable(self, briefing: Briefing) -> bool:
        return can_author_guidance(self.context["actor"], briefing.issuer)


def _texts(max_length: int) -> serializers.DictField:
    return serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=max_length), help_text=LANGUAGES_HELP
    )


class BriefingChangeInput(serializers.Serializer):
    title = _texts(200)
    body = _texts(50_000)


class BriefingCreateInput(BriefingChangeInput):
    slug = serializers.CharField(max_length=80, help_text="The identifier rules name it by; never changes")
    issuer = serializers.SlugField(help_text="Organisation node issuing it (its slug); never changes")


def _out(request: Request, briefing: Briefing, code: int = status.HTTP_200_OK) -> Response:
    return Response(BriefingOutput(briefing, context={"actor": request.user}).data, status=code)


def _save(request: Request, **kwargs: Any) -> Briefing:
    try:
        return services.briefing_save(actor=request.user, **kwargs)
    except ValidationFailed as error:
        fields = {FIELD_NAMES.get(name, name): reasons for name, reasons in error.fields.items()}
        raise ValidationFailed(error.message, fields=fields) from None


def _visible(request: Request) -> Any:
    return Briefing.objects.visible_to(request.user).select_related("issuer")


class BriefingListApi(APIView):
    @extend_schema(
        operation_id="briefings_list",
        summary="Briefings you may see, with their texts and whether you may change them",
        responses={200: BriefingOutput(many=True), **error_responses(401)},
        examples=[OpenApiExample("A briefing", value=[BRIEFING_EXAMPLE], response_only=True)],
    )
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        page: Any = paginator.paginate_queryset(
            _visible(request).order_by("slug", "issuer__path"), request, view=self
        )
        return paginator.get_paginated_response(
            BriefingOutput(page, many=True, context={"actor": request.user}).data
        )

    @extend_schema(
        operation_id="briefings_create",
        summary="Create a briefing (security officers and administrators over the issuer)",
        description=(
            "`slug` is how a rule's `briefing` obligation names it: 2–80 lower-case letters, digits "
            "and hyphens, unique per issuer. An English title and text are required."
        ),
        request=BriefingCreateInput,
        responses={201: BriefingOutput, **error_responses(400, 401, 403)},
        examples=[
            OpenApiExample("New briefing", value=CREATE_EXAMPLE, request_only=True),
            OpenApiExample("Created", value={**BRIEFING_EXAMPLE, "version": 1}, response_only=True),
            INVALID_EXAMPLE,
        ],
    )
    def post(self, request: Request) -> Response:
        if not can_author_any_guidance(request.user):
            raise PermissionDenied()
        data = BriefingCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        issuer = OrgNode.objects.visible_to(request.user).filter(slug=data.validated_data["issuer"]).first()
        if issuer is None:
            raise ValidationFailed(fields={"issuer": [_("Unknown organisation.")]})
        briefing = _save(
            request,
            issuer=issuer,
            slug=data.validated_data["slug"],
            title=data.validated_data["title"],
            body=data.validated_data["body"],
        )
        return _out(request, briefing, status.HTTP_201_CREATED)


class BriefingDetailApi(APIView):
    @extend_schema(
        operation_id="briefings_retrieve",
        summary="One briefing with its texts in every language",
        responses={200: BriefingOutput, **error_responses(401, 404)},
        examples=[OpenApiExample("A briefing", value=BRIEFING_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, briefing_id: int) -> Response:
        return _out(request, self._briefing(request, briefing_id))

    @extend_schema(
        operation_id="briefings_update",
        summary="Change a briefing's title and text; a change is a new version travellers read again",
        description=(
            "The identifier and issuer never change. Languages left out or blank are removed; "
            "English is required. Sending the texts unchanged keeps the version."
        ),
        request=BriefingChangeInput,
        responses={200: BriefingOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            OpenApiExample(
                "New text",
                value={key: CREATE_EXAMPLE[key] for key in ("title", "body")},
                request_only=True,
            ),
            INVALID_EXAMPLE,
        ],
    )
    def put(self, request: Request, briefing_id: int) -> Response:
        briefing = self._briefing(request, briefing_id)
        if not can_author_guidance(request.user, briefing.issuer):
            raise PermissionDenied()
        data = BriefingChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        saved = _save(
            request,
            issuer=briefing.issuer,
            slug=briefing.slug,
            title=data.validated_data["title"],
            body=data.validated_data["body"],
            briefing=briefing,
        )
        return _out(request, saved)

    @staticmethod
    def _briefing(request: Request, briefing_id: int) -> Briefing:
        briefing = _visible(request).filter(pk=briefing_id).first()
        if briefing is None:
            raise NotFound()
        return briefing
