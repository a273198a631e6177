"""The public pages: send an alert (no sign-in), the confirmation, and the alert's status.

The status page shows only the reference, dates and the status: nothing typed into the alert.
Every page here is limited per address (see ratelimit.py), so references cannot be guessed by
trying them in bulk and the queue cannot be flooded.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from waypost.referrals import actions
from waypost.referrals.forms import AlertForm, StatusLookupForm
from waypost.referrals.models import Alert, AlertSource, normalise_reference
from waypost.referrals.ratelimit import allow, form_rate, status_rate

# Far more than the longest answers allow (about 6,000 characters, percent-encoded).
MAX_FORM_BYTES = 100_000
TOO_MANY_ALERTS = (
    "You have sent a lot of alerts from this connection in a short time, so we could not "
    "send this one. Wait an hour and send it again: what you typed is still below. If "
    "someone is in danger, call 999."
)


def _too_large(request: HttpRequest) -> HttpResponse | None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_FORM_BYTES:
        return render(request, "referrals/public/too_large.html", status=413)
    return None


@never_cache
def alert_new(request: HttpRequest) -> HttpResponse:
    """The public alert form. Works without JavaScript; "Use my location" only adds to it."""
    if request.method != "POST":
        return render(request, "referrals/public/new.html", {"form": AlertForm()})
    too_large = _too_large(request)
    if too_large is not None:
        return too_large
    form = AlertForm(request.POST)
    if not allow(request, "alert-form", form_rate()):
        form.is_valid()
        form.add_error(None, TOO_MANY_ALERTS)
        return render(request, "referrals/public/new.html", {"form": form}, status=429)
    if not form.is_valid():
        return render(request, "referrals/public/new.html", {"form": form})
    alert = actions.receive_alert(source=AlertSource.WEB, **form.alert_fields())
    return redirect("alerts:sent", reference=alert.reference)


def _alert_by_reference(request: HttpRequest, reference: str) -> Alert | HttpResponse:
    if not allow(request, "alert-status", status_rate()):
        return render(request, "referrals/public/too_many.html", status=429)
    alert = Alert.objects.filter(reference=normalise_reference(reference)).first()
    if alert is None:
        raise Http404
    return alert


@never_cache
def alert_sent(request: HttpRequest, reference: str) -> HttpResponse:
    found = _alert_by_reference(request, reference)
    if isinstance(found, HttpResponse):
        return found
    return render(request, "referrals/public/sent.html", {"alert": found})


@never_cache
def alert_status(request: HttpRequest, reference: str) -> HttpResponse:
    found = _alert_by_reference(request, reference)
    if isinstance(found, HttpResponse):
        return found
    if reference != found.reference:
        # One address per alert: ABCDE-FGHJK and abcdefghjk lead to the same page.
        return redirect("alerts:status", reference=found.reference)
    return render(request, "referrals/public/status.html", {"alert": found})


@never_cache
def status_lookup(request: HttpRequest) -> HttpResponse:
    """Type a reference to see the alert's status (GET: the reference is not personal)."""
    form = StatusLookupForm(request.GET or None)
    if form.is_bound:
        if not allow(request, "alert-status", status_rate()):
            return render(request, "referrals/public/too_many.html", status=429)
        if form.is_valid():
            return redirect("alerts:status", reference=form.cleaned_data["reference"])
    return render(request, "referrals/public/lookup.html", {"form": form})
