"""People and organisation endpoints. Each only parses, calls a selector or service, and serializes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FileUploadParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.core.errors import PermissionDenied, ValidationFailed
from waypost.people import selectors, services
from waypost.people.models import OrgNode, Person
from waypost.people.permissions import can_import_people
from waypost.people.scoping import scope_for

from ..errors import error_responses
from ..pagination import Pagination


class OrgNodeOutput(serializers.ModelSerializer):
    parent: Any = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = OrgNode
        fields = ["id", "kind", "name", "name_native", "slug", "parent", "path", "country"]


class PersonOutput(serializers.ModelSerializer):
    unit: Any = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    manager: Any = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "email",
            "name_latin",
            "name_native",
            "unit",
            "manager",
            "role",
            "sectors",
            "sensitivity",
            "is_active",
        ]


class PersonListApi(APIView):
    @extend_schema(
        operation_id="people_list",
        summary="People visible to you",
        parameters=[
            OpenApiParameter("q", str, description="Part of a name or e-mail"),
            OpenApiParameter("unit", str, description="Identifier of a unit: its whole subtree"),
            OpenApiParameter("sector", str),
            OpenApiParameter("role", str),
        ],
        responses={200: PersonOutput(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        unit = None
        if request.query_params.get("unit"):
            unit = OrgNode.objects.visible_to(request.user).filter(slug=request.query_params["unit"]).first()
            if unit is None:
                raise ValidationFailed(fields={"unit": [_("Unknown unit.")]})
        people = selectors.person_list_for(
            actor=request.user,
            query=request.query_params.get("q", ""),
            unit=unit,
            sector=request.query_params.get("sector", ""),
            role=request.query_params.get("role", ""),
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(people, request, view=self)
        return paginator.get_paginated_response(PersonOutput(page, many=True).data)


class PersonDetailApi(APIView):
    @extend_schema(
        operation_id="people_retrieve",
        summary="One person",
        responses={200: PersonOutput, **error_responses(401, 404)},
    )
    def get(self, request: Request, person_id: int) -> Response:
        person = selectors.person_get_for(actor=request.user, person_id=person_id)
        services.person_record_view(actor=request.user, person=person)
        return Response(PersonOutput(person).data)


class OrgNodeListApi(APIView):
    @extend_schema(
        operation_id="organisations_list",
        summary="Organisation nodes visible to you",
        responses={200: OrgNodeOutput(many=True), **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        nodes = selectors.orgnode_list_for(actor=request.user)
        page: Any = paginator.paginate_queryset(nodes, request, view=self)
        return paginator.get_paginated_response(OrgNodeOutput(page, many=True).data)


class OrgNodeDetailApi(APIView):
    @extend_schema(
        operation_id="organisations_retrieve",
        summary="One organisation node",
        responses={200: OrgNodeOutput, **error_responses(401, 404)},
    )
    def get(self, request: Request, node_id: int) -> Response:
        return Response(OrgNodeOutput(selectors.orgnode_get_for(actor=request.user, node_id=node_id)).data)


MeOutput = inline_serializer(
    name="Me",
    fields={
        "person": PersonOutput(allow_null=True),
        "roles": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
    },
)


class MeApi(APIView):
    @extend_schema(
        operation_id="me_retrieve",
        summary="Who you are and what you may do",
        responses={200: MeOutput, **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        scope = scope_for(request.user)
        person = Person.objects.filter(pk=scope.person_id or 0).select_related("unit").first()
        return Response(
            {
                "person": PersonOutput(person).data if person else None,
                "roles": {role: list(paths) for role, paths in scope.grants.items()},
            }
        )


ImportErrorOutput = inline_serializer(
    name="PeopleImportError",
    fields={
        "row": serializers.IntegerField(),
        "column": serializers.CharField(),
        "reason": serializers.CharField(),
    },
)
ImportOutput = inline_serializer(
    name="PeopleImportResult",
    fields={"created": serializers.IntegerField(), "updated": serializers.IntegerField()},
)
ImportRejectedOutput = inline_serializer(
    name="PeopleImportRejected",
    fields={
        "error": inline_serializer(
            name="PeopleImportRejectedDetail",
            fields={
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "rows": serializers.ListField(child=ImportErrorOutput),
            },
        )
    },
)


class PeopleImportApi(APIView):
    parser_classes = [MultiPartParser, FileUploadParser]

    @extend_schema(
        operation_id="people_import",
        summary="Import or update people from a CSV file (all rows or none)",
        request={
            "multipart/form-data": inline_serializer(
                name="PeopleImportInput", fields={"file": serializers.FileField()}
            )
        },
        responses={201: ImportOutput, 400: ImportRejectedOutput, **error_responses(401, 403)},
        examples=[
            OpenApiExample(
                "Rejected",
                status_codes=["400"],
                response_only=True,
                value={
                    "error": {
                        "code": "import_rejected",
                        "message": "Nothing was imported: 1 problem.",
                        "rows": [{"row": 3, "column": "unit", "reason": "Unknown unit 'ml-lab'."}],
                    }
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        if not can_import_people(request.user):
            raise PermissionDenied()
        upload: Any = request.FILES.get("file")
        if upload is None:
            raise ValidationFailed(fields={"file": [_("Attach a CSV file as 'file'.")]})
        from django.conf import settings

        if upload.size > settings.WAYPOST_MAX_UPLOAD_BYTES:
            raise ValidationFailed(
                fields={
                    "file": [
                        _("The file is larger than %(max)d bytes.")
                        % {"max": settings.WAYPOST_MAX_UPLOAD_BYTES}
                    ]
                }
            )
        result = services.people_import(actor=request.user, data=upload.read(), filename=upload.name)
        if not result.ok:
            message = ngettext(
                "Nothing was imported: %(count)d problem.",
                "Nothing was imported: %(count)d problems.",
                len(result.errors),
            ) % {"count": len(result.errors)}
            return Response(
                {
                    "error": {
                        "code": "import_rejected",
                        "message": message,
                        "fields": {},
                        "rows": [error.as_dict() for error in result.errors],
                    }
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {"created": result.created, "updated": result.updated}, status=status.HTTP_201_CREATED
        )
