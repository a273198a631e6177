"""`manage.py generate_synthetic`: builds and reports, refuses outside a demo or development
setup unless forced, refuses a slug in use unless --replace, and never replaces a partnership
it did not make."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from waypost.accounts.models import Partnership
from waypost.people.models import Person


def _run(*args, **options):
    out = StringIO()
    call_command("generate_synthetic", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@override_settings(WAYPOST_DEMO=True)
def test_it_builds_a_partnership_and_reports_counts_and_time(db, tmp_path):
    truth = tmp_path / "truth.csv"
    out = _run("--people", "30", "--seed", "1", "--slug", "demo-synth", "--truth", str(truth))
    people = Person.objects.filter(partnership__slug="demo-synth").count()
    assert f"30 people in {people} records" in out
    assert "street contacts" in out and " s (" in out
    assert truth.read_text().startswith("person_id,true_id\n")


@override_settings(WAYPOST_DEMO=False, DEBUG=False)
def test_it_refuses_outside_a_demo_unless_forced(db, tmp_path):
    with pytest.raises(CommandError, match="WAYPOST_DEMO"):
        _run("--people", "5", "--seed", "1", "--truth", str(tmp_path / "t"))
    assert not Partnership.objects.exists()
    _run("--people", "5", "--seed", "1", "--truth", str(tmp_path / "t"), "--force")
    assert Partnership.objects.filter(slug="synthetic").exists()


@override_settings(WAYPOST_DEMO=True)
def test_a_slug_in_use_is_refused_unless_replaced(db, tmp_path):
    args = ("--people", "10", "--seed", "1", "--truth", str(tmp_path / "t"))
    _run(*args)
    first = set(Person.objects.values_list("pk", flat=True))
    with pytest.raises(CommandError, match="--replace"):
        _run("--people", "10", "--seed", "2", "--truth", str(tmp_path / "t"))
    assert set(Person.objects.values_list("pk", flat=True)) == first
    _run("--people", "12", "--seed", "2", "--truth", str(tmp_path / "t"), "--replace")
    assert Partnership.objects.filter(slug="synthetic").count() == 1
    second = set(Person.objects.values_list("pk", flat=True))
    assert len(second) >= 12 and not first & second


@override_settings(WAYPOST_DEMO=True)
def test_a_partnership_it_did_not_make_is_never_replaced(world, tmp_path):
    people_before = Person.objects.count()
    with pytest.raises(CommandError, match="not made by generate_synthetic"):
        _run(
            "--people",
            "5",
            "--seed",
            "1",
            "--slug",
            "coventry",
            "--replace",
            "--truth",
            str(tmp_path / "t"),
        )
    assert Partnership.objects.filter(slug="coventry", name="Coventry").exists()
    assert Person.objects.count() == people_before


@override_settings(WAYPOST_DEMO=True)
def test_a_partnership_whose_records_staff_read_is_not_replaced(db, tmp_path):
    from waypost.accounts.models import Agency, User
    from waypost.audit.access import record_access

    _run("--people", "5", "--seed", "1", "--truth", str(tmp_path / "t"))
    person = Person.objects.first()
    agency = Agency.objects.get(pk=person.recorded_by_agency_id)
    reader = User.objects.filter(memberships__agency=agency).first()
    record_access(
        reader,
        channel="page",
        section="identity",
        subject_type="person",
        subject_id=person.pk,
        person_id=person.pk,
        agency=agency,
    )
    with pytest.raises(CommandError, match="access log"):
        _run("--people", "5", "--seed", "2", "--truth", str(tmp_path / "t"), "--replace")
    assert Person.objects.filter(pk=person.pk).exists()


@override_settings(WAYPOST_DEMO=True)
def test_replacing_removes_what_the_app_added_about_generated_people(db, tmp_path):
    from waypost.people.models import DuplicatePair

    _run("--people", "20", "--seed", "1", "--truth", str(tmp_path / "t"))
    first, second = Person.objects.order_by("pk")[:2]
    DuplicatePair.objects.create(
        partnership_id=first.partnership_id, first=first, second=second, score=0.9
    )
    _run("--people", "20", "--seed", "2", "--truth", str(tmp_path / "t"), "--replace")
    assert not DuplicatePair.objects.exists()
    assert not Person.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert Person.objects.count() >= 20
