"""The partnership dashboard (waypost.reporting.dashboard) and its CSV, XLSX and PDF: figures
only, never a person. Coordinators, commissioners and partnership admins of the partnership;
commissioners see counts from 1 to 4 as "fewer than 5". Each view is recorded as an access
event on the partnership (no person), as any read of case data is."""

from datetime import date
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from waypost.accounts.forms import PartnershipChoiceForm
from waypost.accounts.models import Role
from waypost.accounts.roles import holds_role_in, partnerships_where, role_required
from waypost.audit.access import record_request_access
from waypost.audit.models import Channel, Section
from waypost.lib.disclosure import FEWER_THAN
from waypost.outreach.flows import add_months
from waypost.people.forms import GovukDateField
from waypost.reporting import exports
from waypost.reporting.dashboard import Dashboard, build_dashboard

DASHBOARD_ROLES = (Role.COORDINATOR, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN)
DEFAULT_MONTHS = 12
MAX_MONTHS = 60


class DashboardForm(PartnershipChoiceForm):
    start_on = GovukDateField(
        what="the first month", with_day=False, label="From", help_text="For example, 4 2025"
    )
    end_on = GovukDateField(
        what="the last month", with_day=False, label="To", help_text="For example, 3 2026"
    )

    def __init__(self, data: Any, *, today: date, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.last_full = add_months(today.replace(day=1), -1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_on"), data.get("end_on")
        if start and start > self.last_full:
            self.add_error("start_on", "The first month must be last month or earlier")
        if end and end > self.last_full:
            self.add_error("end_on", "The last month must be last month or earlier")
        if start and end and not self.errors.get("start_on") and not self.errors.get("end_on"):
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            if months < 1:
                self.add_error("end_on", "The last month must be the same as or after the first")
            elif months > MAX_MONTHS:
                self.add_error("end_on", f"Choose at most {MAX_MONTHS} months")
        return data


def _form(request: HttpRequest) -> DashboardForm:
    today = timezone.localdate()
    data = request.GET.copy()
    keys = [f"{name}_{i}" for name in ("start_on", "end_on") for i in range(2)]
    if not any(data.get(key) for key in keys):
        end = add_months(today.replace(day=1), -1)
        for name, month in (("start_on", add_months(end, 1 - DEFAULT_MONTHS)), ("end_on", end)):
            data.setlist(f"{name}_0", [str(month.month)])
            data.setlist(f"{name}_1", [str(month.year)])
    form = DashboardForm(
        data, partnerships=partnerships_where(request, *DASHBOARD_ROLES), today=today
    )
    if not form.is_valid() and "partnership" in form.errors:
        raise Http404  # not one of the user's partnerships
    return form


def _dashboard(request: HttpRequest, form: DashboardForm, channel: str) -> Dashboard:
    partnership = form.cleaned_data["partnership"]
    exact = holds_role_in(
        request.memberships,  # type: ignore[attr-defined]
        partnership.pk,
        {Role.COORDINATOR, Role.PARTNERSHIP_ADMIN},
    )
    board = build_dashboard(
        partnership,
        form.cleaned_data["start_on"],
        form.cleaned_data["end_on"],
        suppress=not exact,
        today=timezone.localdate(),
    )
    record_request_access(
        request,
        channel=channel,
        section=Section.FIGURES,
        subject_type="partnership",
        subject_id=partnership.pk,
    )
    return board


def _query(form: forms.Form) -> str:
    keys = ["partnership"] + [f"{n}_{i}" for n in ("start_on", "end_on") for i in range(2)]
    return urlencode({key: form.data.get(key, "") for key in keys if form.data.get(key)})


def _preamble(board: Dashboard) -> list[tuple[str, str]]:
    lines = [("Partnership", board.partnership.name), ("Months", board.period_text)]
    if board.show.suppress:
        lines.append(("Counts from 1 to 4", f"shown as “{FEWER_THAN}”"))
    return lines


def _filename(board: Dashboard, extension: str) -> str:
    return (
        f"waypost-dashboard-{board.partnership.slug}-{board.first:%Y-%m}-to-"
        f"{board.last:%Y-%m}.{extension}"
    )


@role_required(*DASHBOARD_ROLES)
def dashboard_page(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        board = _dashboard(request, form, Channel.DASHBOARD)
        context |= {"board": board, "query": _query(form)}
    return render(request, "reporting/dashboard/page.html", context)


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    form = _form(request)
    if not form.is_valid():
        return redirect(f"{reverse('reporting:dashboard')}?{request.GET.urlencode()}")
    channel = Channel.PDF if kind == "pdf" else Channel.EXPORT
    board = _dashboard(request, form, channel)
    if kind == "csv":
        content: str | bytes = exports.tables_csv(board.tables, _preamble(board))
        content_type = "text/csv; charset=utf-8"
    elif kind == "xlsx":
        content, content_type = exports.tables_xlsx(board.tables, _preamble(board)), exports.XLSX
    else:
        title = f"Partnership dashboard: {board.partnership.name}"
        content = exports.tables_pdf(title, board.tables, _preamble(board), board.charts)
        content_type = "application/pdf"
    return exports.download(content, filename=_filename(board, kind), content_type=content_type)


@role_required(*DASHBOARD_ROLES)
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@role_required(*DASHBOARD_ROLES)
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@role_required(*DASHBOARD_ROLES)
def dashboard_pdf(request: HttpRequest) -> HttpResponse:
    return _export(request, "pdf")
