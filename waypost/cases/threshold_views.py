"""The partnership's threshold model page: the current version, every version with who changed
what and why, the form that saves a new version, and the tier distribution by gender, ethnic
group and age group (bias.py).

Who may see it: coordinators, commissioners and partnership admins of the partnership (403
for other roles, 404 for another partnership's); only coordinators change the model. Figures
only, never a person, so no access-log events. Commissioners see no count from 1 to 4 (the
referrals analysis's disclosure rule, reused from there).
"""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from waypost.accounts.models import Membership, Partnership, Role, User
from waypost.accounts.roles import holds_role_in, role_required
from waypost.cases.bias import TIERS, Distribution, tier_distribution
from waypost.cases.models import Domain, ThresholdModel, Tier
from waypost.cases.scoring import describe_changes
from waypost.cases.threshold_actions import (
    ModelChanged,
    current_model,
    save_new_version,
)
from waypost.cases.threshold_forms import LEVELS, ThresholdForm
from waypost.lib import charts
from waypost.lib.disclosure import (
    NOT_SHOWN,
    SMALLEST_SHOWN,
    Cell,
    Disclosure,
    Grid,
    Table,
    count_grid,
    percent_text,
)

MODEL_ROLES = (Role.COORDINATOR, Role.COMMISSIONER, Role.PARTNERSHIP_ADMIN)
EXACT_ROLES = (Role.COORDINATOR, Role.PARTNERSHIP_ADMIN)
VERSIONS_PAGE_SIZE = 10
CHANGED_MESSAGE = (
    "Someone else saved a new version of the model while you were editing it. Your numbers "
    "are below: check them against version {version}, then save again."
)


def _memberships(request: HttpRequest) -> list[Membership]:
    return list(request.memberships)  # type: ignore[attr-defined]


def model_partnerships(memberships: Sequence[Membership]) -> list[Partnership]:
    """Partnerships whose model the user may see, in the order of their memberships."""
    found: dict[Any, Partnership] = {}
    for m in memberships:
        if m.role in MODEL_ROLES:
            found.setdefault(m.agency.partnership_id, m.agency.partnership)
    return list(found.values())


def _partnership(request: HttpRequest, slug: str | None) -> Partnership:
    partnerships = model_partnerships(_memberships(request))
    if not partnerships:
        raise PermissionDenied
    if not slug:
        return partnerships[0]
    for partnership in partnerships:
        if partnership.slug == slug:
            return partnership
    raise Http404


def sees_exact_counts(memberships: Sequence[Membership], partnership: Partnership) -> bool:
    """Coordinators and admins see counts of 1 to 4; a commissioner (only) does not."""
    return holds_role_in(memberships, partnership.pk, EXACT_ROLES)


def _may_edit(request: HttpRequest, partnership: Partnership) -> bool:
    return any(
        m.agency.partnership_id == partnership.pk and m.role == Role.COORDINATOR
        for m in _memberships(request)
    )


# --- The model as tables ------------------------------------------------------------------------


def points_table(model: ThresholdModel) -> Table:
    domains = model.rules.get("domains", {})
    table = Table(
        f"points-table-v{model.version}",
        "Points for each area of need or risk, by level",
        [Cell("Area")] + [Cell(level.label, is_numeric=True) for level in LEVELS],
    )
    for domain in Domain:
        levels = domains.get(domain.value, {})
        table.rows.append(
            [Cell(domain.label)]
            + [Cell(str(levels.get(str(lv.value), 0)), is_numeric=True) for lv in LEVELS]
        )
    table.rows.append(
        [
            Cell("Uses synthetic cannabinoids or other new psychoactive substances (NPS)"),
            Cell(str(model.rules.get("nps", 0)), is_numeric=True),
            Cell(""),
            Cell(""),
        ]
    )
    return table


def band_table(model: ThresholdModel, kind: str) -> Table:
    months = kind == "months_rough"
    table = Table(
        f"{kind.replace('_', '-')}-table-v{model.version}",
        "Points for months seen bedded down in the last 24 months"
        if months
        else "Points for returns to sleeping rough in the last 24 months",
        [
            Cell("Months seen bedded down" if months else "Returns"),
            Cell("Points", is_numeric=True),
        ],
    )
    for at_least, points in model.rules.get(kind, []):
        table.rows.append([Cell(f"{at_least} or more"), Cell(str(points), is_numeric=True)])
    return table


def tiers_table(model: ThresholdModel) -> Table:
    table = Table(
        f"tiers-table-v{model.version}",
        "Tiers by score",
        [Cell("Tier"), Cell("What happens"), Cell("Lowest score", is_numeric=True)],
    )
    for tier, cut_off in sorted(model.tiers):
        label = Tier(tier).label
        table.rows.append(
            [
                Cell(f"Tier {tier}"),
                Cell(label.split(": ", 1)[1]),
                Cell(str(cut_off), is_numeric=True),
            ]
        )
    return table


def model_tables(model: ThresholdModel) -> list[Table]:
    return [
        points_table(model),
        band_table(model, "months_rough"),
        band_table(model, "returns"),
        tiers_table(model),
    ]


def _versions(partnership: Partnership, page_number: Any) -> Any:
    """A page of versions, newest first, each with what changed from the one before."""
    versions = ThresholdModel.objects.filter(partnership=partnership).select_related("created_by")
    page = Paginator(versions.order_by("-version"), VERSIONS_PAGE_SIZE).get_page(page_number)
    shown = list(page.object_list)
    # The version before the oldest on this page, to say what that one changed.
    before = versions.filter(version=shown[-1].version - 1).first() if shown else None
    for newer, older in zip(shown, [*shown[1:], before], strict=True):
        newer.changes = (  # type: ignore[attr-defined]
            describe_changes(older.rules, older.tiers, newer.rules, newer.tiers)
            if older is not None
            else []
        )
    page.object_list = shown
    return page


# --- The bias panel -------------------------------------------------------------------------------


def _people(text: str) -> str:
    if text == "0":
        return "no one"
    if text == NOT_SHOWN:
        return "number not shown"
    return f"{text} person" if text == "1" else f"{text} people"


def distribution_table(distribution: Distribution, show: Disclosure) -> Table:
    """Groups down the side, tiers across, each cell the count and the group's share. The
    group's size goes with its name, so the table fits a phone without scrolling sideways.

    Each group's size and the "Everyone" row are totals of the counts beside them, so for
    commissioners the counts go through secondary suppression (`count_grid`): a hidden count
    is never the group's size minus the counts shown."""
    table = Table(
        f"{distribution.key}-tiers-table",
        f"{distribution.title}: people in each tier, and the share of the group",
        [Cell(distribution.group_name)] + [Cell(f"Tier {tier}", is_numeric=True) for tier in TIERS],
    )
    grid = shown_grid(distribution, show)
    everyone = (grid.col_totals, grid.grand_total)
    for row, (counts, size) in zip(
        [*distribution.rows, distribution.everyone],
        [*zip(grid.body, grid.row_totals, strict=True), everyone],
        strict=True,
    ):
        bold = row is distribution.everyone
        cells = [Cell(f"{row.label}: {_people(size)}", is_bold=bold)]
        for tier, text in zip(TIERS, counts, strict=True):
            if size == NOT_SHOWN and row.total < SMALLEST_SHOWN:
                text = NOT_SHOWN  # even a zero would say which tier those few are in
            elif text != NOT_SHOWN and size != NOT_SHOWN and row.total:
                text = f"{text} ({percent_text(row.percent(tier))})"
            cells.append(Cell(text, is_numeric=True, is_bold=bold))
        table.rows.append(cells)
    return table


def shown_grid(distribution: Distribution, show: Disclosure) -> Grid:
    body = [[row.count(tier) for tier in TIERS] for row in distribution.rows]
    return count_grid(show, body, width=len(TIERS))


def tier_one_chart(distribution: Distribution, show: Disclosure) -> SafeString | None:
    """The share of each group in tier 1, for the groups whose count and size are shown."""
    grid = shown_grid(distribution, show)
    tier_one = TIERS.index(Tier.ONE)
    bars = [
        charts.Bar(row.label, row.percent(Tier.ONE), percent_text(row.percent(Tier.ONE)))
        for row, counts, size in zip(distribution.rows, grid.body, grid.row_totals, strict=True)
        if row.total and NOT_SHOWN not in (size, counts[tier_one])
    ]
    if not bars:
        return None
    group = distribution.group_name.lower()
    return charts.horizontal_bar_chart(
        bars,
        chart_id=f"{distribution.key}-tier-one-chart",
        title=f"Share of each {group} in tier 1",
        description=(
            f"Horizontal bar chart of the percentage of people of each {group} whose current "
            "tier is tier 1 (a multi-agency case meeting). Groups with no one, or with too few "
            "people to show, are left out. The table beside the chart has the figures."
        ),
    )


def bias_panel(partnership: Partnership, show: Disclosure) -> list[dict[str, Any]]:
    return [
        {
            "distribution": distribution,
            "table": distribution_table(distribution, show),
            "chart": tier_one_chart(distribution, show),
        }
        for distribution in tier_distribution(partnership, timezone.localdate())
    ]


# --- Pages ----------------------------------------------------------------------------------------


@role_required(*MODEL_ROLES)
def threshold_page(request: HttpRequest) -> HttpResponse:
    memberships = _memberships(request)
    partnership = _partnership(request, request.GET.get("partnership"))
    model = current_model(partnership)
    show = Disclosure(suppress=not sees_exact_counts(memberships, partnership))
    panel = bias_panel(partnership, show)
    return render(
        request,
        "cases/threshold/model.html",
        {
            "partnership": partnership,
            "partnerships": model_partnerships(memberships),
            "model": model,
            "tables": model_tables(model),
            "versions": _versions(partnership, request.GET.get("page")),
            "query": urlencode({"partnership": partnership.slug}),
            "may_edit": _may_edit(request, partnership),
            "panel": panel,
            "is_suppressed": show.used,
        },
    )


@role_required(*MODEL_ROLES)
def threshold_version(request: HttpRequest, model_id: UUID) -> HttpResponse:
    """One version in full. 404 for a version of a partnership the user may not see."""
    partnerships = {p.pk: p for p in model_partnerships(_memberships(request))}
    model = (
        ThresholdModel.objects.filter(pk=model_id, partnership_id__in=list(partnerships))
        .select_related("created_by")
        .first()
    )
    if model is None:
        raise Http404
    partnership = partnerships[model.partnership_id]
    previous = ThresholdModel.objects.filter(
        partnership=partnership, version=model.version - 1
    ).first()
    changes = (
        describe_changes(previous.rules, previous.tiers, model.rules, model.tiers)
        if previous
        else []
    )
    return render(
        request,
        "cases/threshold/version.html",
        {
            "partnership": partnership,
            "model": model,
            "tables": model_tables(model),
            "changes": changes,
            "query": urlencode({"partnership": partnership.slug}),
        },
    )


@role_required(Role.COORDINATOR)
def threshold_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    if not _may_edit(request, partnership):
        raise Http404
    model = current_model(partnership)
    if request.method != "POST":
        form = ThresholdForm(initial=ThresholdForm.initial_for(model))
    else:
        form = ThresholdForm(request.POST)
        if form.is_valid():
            user: User = request.user  # type: ignore[assignment]
            try:
                saved = save_new_version(
                    partnership,
                    rules=form.rules(),
                    tiers=form.tiers(),
                    change_note=form.cleaned_data["change_note"],
                    based_on=form.cleaned_data["based_on"],
                    by=user,
                )
            except ModelChanged:
                model = current_model(partnership)
                data = request.POST.copy()
                data["based_on"] = str(model.version)
                form = ThresholdForm(data)
                form.is_valid()
                form.add_error(None, CHANGED_MESSAGE.format(version=model.version))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"Version {saved.version} saved. Everyone’s tier is being worked out again "
                    "under it.",
                )
                url = reverse("cases:threshold")
                return redirect(f"{url}?{urlencode({'partnership': partnership.slug})}")
    return render(
        request,
        "cases/threshold/edit.html",
        {
            "form": form,
            "partnership": partnership,
            "model": model,
            "query": urlencode({"partnership": partnership.slug}),
        },
    )
