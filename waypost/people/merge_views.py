"""Merging two records of the same person, a merge's page with its undo, a person's merges."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from waypost.accounts.models import Role
from waypost.accounts.roles import role_required
from waypost.people.access import PersonMoved
from waypost.people.actions import EditConflict
from waypost.people.merge_access import (
    MergePair,
    get_merge_for_user,
    get_people_to_merge,
    merges_for_person,
)
from waypost.people.merge_forms import FIRST, MergeChoiceForm, UndoMergeForm
from waypost.people.merging import (
    FIELD_GROUPS,
    MERGED,
    UnmergeNeedsConfirmation,
    changed_by_merge,
    display_value,
    fields_changed_since,
    merge_people,
    person_from_values,
    unmerge,
)

MERGERS = (Role.COORDINATOR, Role.CASEWORKER)
CHANGED_MEANWHILE = (
    "Someone changed one of these records while you were choosing. Check the values again, "
    "then continue."
)


def _problem(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "people/merge/problem.html", {"message": message}, status=409)


def _choose_context(pair: MergePair, form: MergeChoiceForm) -> dict[str, Any]:
    return {
        "pair": pair,
        "form": form,
        "rows": [
            (g, display_value(pair.first, g), display_value(pair.second, g)) for g in pair.groups
        ],
        "differs": {g.name for g in form.groups},
        "some_hidden": len(pair.groups) < len(FIELD_GROUPS),
    }


@role_required(*MERGERS)
@never_cache
def choose(request: HttpRequest, first: UUID, second: UUID) -> HttpResponse:
    """Compare two records side by side and choose the values to keep (step "review" shows
    the result to confirm, "change" goes back with the choices kept, "merge" merges)."""
    try:
        pair = get_people_to_merge(
            request.user, first, second, request.memberships, route="merge:choose"
        )
    except PersonMoved:
        return _problem(
            request,
            "One of these records has already been merged into another record. Compare the "
            "record it was merged into instead.",
        )
    if pair.first.is_restricted or pair.second.is_restricted:
        return _problem(
            request,
            "One of these records has its processing restricted, so it cannot be merged. Ask "
            "your data protection officer to lift the restriction first.",
        )
    step = request.POST.get("step", "") if request.method == "POST" else ""
    form = MergeChoiceForm(
        request.POST if step in ("review", "merge", "change") else None,
        first=pair.first,
        second=pair.second,
        groups=pair.groups,
    )
    context = _choose_context(pair, form)
    if step == "change" or not step:
        return render(request, "people/merge/choose.html", context)
    if not form.is_valid():
        return render(request, "people/merge/choose.html", context, status=400)
    versions_shown = (form.cleaned_data["first_version"], form.cleaned_data["second_version"])
    if versions_shown != (pair.first.version, pair.second.version):
        return _changed_meanwhile(request, pair, form)
    kept, merged = form.kept_and_merged()
    if step == "review":
        return render(
            request,
            "people/merge/confirm.html",
            {**context, "kept": kept, "merged": merged, "preview": form.preview()},
        )
    try:
        merge = merge_people(
            kept,
            merged,
            field_choices=form.field_choices(),
            by=request.user,
            kept_version=kept.version,
            merged_version=merged.version,
        )
    except EditConflict:
        return _changed_meanwhile(request, pair, form)
    except ValidationError as error:
        return _problem(request, " ".join(error.messages))
    taken = sum(1 for choice in merge.field_choices.values() if choice == MERGED)
    messages.success(
        request,
        f"Records merged. {taken} field{'' if taken == 1 else 's'} came from the other record, "
        "and its link now leads to this one.",
    )
    return redirect("merge:detail", merge_id=merge.pk)


def _changed_meanwhile(
    request: HttpRequest, pair: MergePair, form: MergeChoiceForm
) -> HttpResponse:
    """Start the choice again from the records as they are now, keeping which record stays."""
    fresh = MergeChoiceForm(
        initial={"keep": form.cleaned_data.get("keep", FIRST)},
        first=pair.first,
        second=pair.second,
        groups=pair.groups,
    )
    context = {**_choose_context(pair, fresh), "conflict": CHANGED_MEANWHILE}
    return render(request, "people/merge/choose.html", context, status=409)


@role_required(*MERGERS)
@never_cache
def detail(request: HttpRequest, merge_id: UUID) -> HttpResponse:
    """One merge: which record stayed, the values taken from the other, and its undo."""
    read = get_merge_for_user(request.user, merge_id, request.memberships, route="merge:detail")
    merge = read.merge
    visible = {g.name for g in read.groups}
    changed = fields_changed_since(merge, merge.kept) if merge.undone_at is None else []
    # Fields the user cannot see are not named, but still need the confirmation.
    changed_labels = [g.label for g in changed if g.name in visible]
    if len(changed_labels) < len(changed):
        changed_labels.append("other fields you cannot see")
    form = UndoMergeForm(
        request.POST if request.method == "POST" else None, changed_labels=changed_labels
    )
    if request.method == "POST" and merge.undone_at is None and form.is_valid():
        try:
            left = unmerge(
                merge,
                by=request.user,
                confirm_changed=bool(form.cleaned_data.get("confirm_changed")),
            )
        except UnmergeNeedsConfirmation:
            form.add_error(None, "Someone changed the kept record just now. Check it again.")
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            note = " Fields changed since the merge kept their newer values." if left else ""
            messages.success(request, f"Merge undone: the two records are separate again.{note}")
            return redirect("merge:detail", merge_id=merge.pk)
    before = person_from_values(merge.kept_before, like=merge.kept)
    after = person_from_values(merge.moved.get("kept_after", {}), like=merge.kept)
    rows = [
        (group, display_value(before, group), display_value(after, group))
        for group in changed_by_merge(merge)
        if group.name in visible
    ]
    return render(
        request,
        "people/merge/detail.html",
        {"merge": merge, "rows": rows, "changed": changed_labels, "form": form},
        status=400 if form.errors else 200,
    )


@role_required(*MERGERS)
def history(request: HttpRequest, person_id: UUID) -> HttpResponse:
    """A person's merges, each linking to its page (where it can be undone)."""
    person, merges = merges_for_person(
        request.user, person_id, request.memberships, route="merge:history"
    )
    return render(request, "people/merge/history.html", {"person": person, "merges": merges})
