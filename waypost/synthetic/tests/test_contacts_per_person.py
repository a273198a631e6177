"""Street contacts: about the asked number per identity on average, skewed (most people few,
some many), within the years asked, with codes from the model's choices."""

import statistics
from collections import Counter
from datetime import timedelta

from django.utils import timezone

from waypost.outreach.models import Activity, Offer, StreetContact
from waypost.people.models import Person
from waypost.synthetic.generate import generate


def test_contacts_average_near_the_asked_figure_and_are_skewed(db, tmp_path):
    result = generate(people=300, seed=8, contacts_per_person=12, truth_path=tmp_path / "t")
    assert result.contacts == StreetContact.objects.count()
    assert 12 * 0.8 <= result.contacts / result.people <= 12 * 1.2
    per_record = Counter(
        StreetContact.objects.exclude(person=None).values_list("person", flat=True)
    )
    counts = [per_record.get(pk, 0) for pk in Person.objects.values_list("pk", flat=True)]
    assert statistics.median(counts) < statistics.mean(counts)
    assert max(counts) > 3 * statistics.mean(counts)


def test_contacts_fall_in_the_years_asked_with_known_codes(db, tmp_path):
    generate(people=100, seed=8, contacts_per_person=10, years=2, truth_path=tmp_path / "t")
    now = timezone.now()
    contacts = list(StreetContact.objects.all())
    assert all(now - timedelta(days=2 * 365 + 1) <= c.contacted_at < now for c in contacts)
    assert all(c.recorded_at >= c.contacted_at for c in contacts)
    assert {a for c in contacts for a in c.activities} <= set(Activity.values)
    assert all(set(c.accepted) <= set(c.offered) <= set(Offer.values) for c in contacts)
    assert any(c.bedded_down for c in contacts) and not all(c.bedded_down for c in contacts)
    assert all(c.person_id or c.description for c in contacts)


def test_no_contacts_when_none_are_asked_for(db, tmp_path):
    result = generate(people=50, seed=8, contacts_per_person=0, truth_path=tmp_path / "t")
    assert result.contacts == StreetContact.objects.count() == 0
