"""GET /api/v1/notifications/: the caller's own in-app notifications, newest first."""

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.pagination import CursorPagination

from waypost.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Notification
        fields = ["id", "title", "body", "link", "created_at", "read_at"]
        read_only_fields = fields


class NotificationPagination(CursorPagination):
    ordering = ("-created_at", "-id")


@extend_schema(
    tags=["notifications"],
    summary="Your notifications",
    description=(
        "The calling user's own in-app notifications, newest first, in pages (cursor "
        "pagination). `read_at` is empty for unread notifications; `link` is a path in Waypost."
    ),
)
class NotificationList(generics.ListAPIView):  # type: ignore[type-arg]
    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination

    def get_queryset(self) -> QuerySet[Notification]:
        return Notification.objects.filter(user=self.request.user)


urlpatterns = [
    path("notifications/", NotificationList.as_view(), name="api-notifications"),
]
