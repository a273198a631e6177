"""The signed-in user's own notifications."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from waypost.notifications import actions
from waypost.notifications.models import Notification

PAGE_SIZE = 25


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user).order_by("-created_at", "-id")
    page_obj = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page_obj, "query": ""})


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: UUID) -> HttpResponse:
    # Someone else's notification answers 404, exactly like one that does not exist.
    notification = get_object_or_404(Notification, pk=notification_id, user=request.user)
    actions.mark_read(notification, by=request.user)
    url = reverse("notifications:list")
    page = request.POST.get("page", "")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)
