"""API: who am I, and what may I do (the token's user and active memberships)."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response


class AgencySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    type = serializers.CharField()
    partnership = serializers.CharField(source="partnership.name")


class MembershipSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    role = serializers.CharField()
    agency = AgencySerializer()


class MeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    memberships = MembershipSerializer(many=True)


@extend_schema(responses=MeSerializer, summary="The signed-in user and their active roles")
@api_view(["GET"])
def me(request: Request) -> Response:
    user = request.user
    data = {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "memberships": request.memberships,  # type: ignore[attr-defined]
    }
    return Response(MeSerializer(data).data)


urlpatterns = [path("me/", me, name="api-me")]
