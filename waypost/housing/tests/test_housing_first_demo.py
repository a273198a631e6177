"""The demo Housing First cases: eight of each city's demo people at every stage, moved on over
past weeks so the time at each stage shows, one housed through a real tenancy with a Housing
First landlord, once however often seed_demo runs."""

import itertools
from io import StringIO

from django.core.management import call_command

from waypost.accounts.management.commands.seed_demo import demo_email
from waypost.accounts.models import Partnership, Role, User
from waypost.housing.housing_first_demo import seed_housing_first_demo
from waypost.housing.housing_first_figures import housing_first_figures
from waypost.housing.models import (
    AgreementKind,
    HousingFirstCase,
    HousingFirstStage,
    HousingFirstStageChange,
    Landlord,
    PanelDecision,
    Property,
    Tenancy,
)

S = HousingFirstStage


def _seed(partnership):
    agencies = {a.type: a for a in partnership.agencies.all()}
    users = {role: User.objects.get(email=demo_email(role, partnership.slug)) for role in Role}
    seed_housing_first_demo(partnership, agencies, users)


def _counts():
    return [
        model.objects.count()
        for model in (HousingFirstCase, HousingFirstStageChange, Landlord, Property, Tenancy)
    ]


def test_the_demo_cases_are_seeded_once(db, settings):
    settings.WAYPOST_DEMO = True
    call_command("seed_demo", stdout=StringIO())
    counts = []
    for _ in range(2):
        for partnership in Partnership.objects.all():
            _seed(partnership)
        counts.append(_counts())
    assert counts[0] == counts[1]  # the second run added nothing
    for partnership in Partnership.objects.all():
        cases = HousingFirstCase.objects.filter(partnership=partnership)
        assert cases.count() == 8
        assert cases.values("person").distinct().count() == 8
        stages = sorted(cases.values_list("stage", flat=True))
        assert stages == sorted(
            [S.REFERRED, S.REFERRED, S.ELIGIBILITY, S.PANEL, S.PANEL, S.OFFER, S.TENANCY, S.CLOSED]
        )
        assert cases.filter(stage=S.PANEL, panel_decision=PanelDecision.DEFERRED).count() == 1
        housed = cases.get(stage=S.TENANCY)
        tenancy = Tenancy.objects.get(pk=housed.tenancy_id)
        assert tenancy.property == housed.property and not tenancy.property.is_available
        assert tenancy.floating_support
        assert housed.property.landlord.agreements.filter(kind=AgreementKind.HOUSING_FIRST)
        offered = cases.get(stage=S.OFFER)
        assert offered.property != housed.property
        # The steps are spread over past weeks: each stage took days, not moments.
        changes = list(HousingFirstStageChange.objects.filter(case=housed).order_by("changed_at"))
        assert [c.stage for c in changes] == [
            S.REFERRED,
            S.ELIGIBILITY,
            S.PANEL,
            S.OFFER,
            S.TENANCY,
        ]  # noqa: E501
        gaps = [(b.changed_at - a.changed_at).days for a, b in itertools.pairwise(changes)]
        assert all(gap >= 7 for gap in gaps)
        figures = housing_first_figures(partnership.pk)
        assert (figures.housed, figures.open_cases, figures.closed) == (1, 6, 1)
        assert all(s.longest_days for s in figures.stages)  # every open stage has a wait


def test_no_demo_people_no_demo_cases(world):
    seed_housing_first_demo(world.coventry, {}, {})
    assert not HousingFirstCase.objects.exists()
