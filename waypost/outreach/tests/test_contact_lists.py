"""Recent street contacts and contacts not yet identified: newest first, in pages, at a fixed
cost in reads however many contacts and people a page shows."""

from datetime import timedelta

from django.utils import timezone

from waypost.audit.models import AccessEvent
from waypost.outreach.contact_views import PAGE_SIZE
from waypost.outreach.tests.contact_helpers import make_contact, make_place
from waypost.testing.people import give_consent, make_person, sign_agreement_for


def _contacts(world, user, count, *, known=True, start=0):
    """`count` contacts, an hour apart, alternately with a known person and someone not
    identified yet (each known person recorded by the council and shared with outreach)."""
    now = timezone.now()
    made = []
    for i in range(start, start + count):
        fields = {
            "contacted_at": now - timedelta(hours=i),
            "place": make_place(world.coventry, f"Place {i}"),
        }
        if known and i % 2 == 0:
            person = make_person(world.council, given_name=f"Person{i}")
            give_consent(person, None, world.council)
            fields["person"] = person
        made.append(make_contact(world.outreach, user, **fields))
    return made


def test_recent_contacts_are_newest_first_in_pages(world, outreach_user, outreach_client):
    sign_agreement_for(world.council, world.outreach)
    contacts = _contacts(world, outreach_user, PAGE_SIZE + 2)
    page = outreach_client.get("/street/contacts/").content.decode()
    shown = [c for c in contacts if f"/street/contacts/{c.pk}/" in page]
    assert shown == contacts[:PAGE_SIZE]
    assert page.index(str(contacts[0].pk)) < page.index(str(contacts[1].pk))
    assert "Person0 Bloggs" in page
    assert "13 contacts are with someone" in page
    second = outreach_client.get("/street/contacts/?page=2").content.decode()
    assert all(str(c.pk) in second for c in contacts[PAGE_SIZE:])
    assert (
        AccessEvent.objects.filter(
            user=outreach_user, route="outreach:contacts", subject_type="street_contact"
        ).count()
        == PAGE_SIZE + 2
    )


def test_the_unidentified_list_shows_only_those_to_identify(world, outreach_user, outreach_client):
    sign_agreement_for(world.council, world.outreach)
    known, unknown = _contacts(world, outreach_user, 2)
    page = outreach_client.get("/street/contacts/unidentified/").content.decode()
    assert str(unknown.pk) in page and str(known.pk) not in page
    assert f"/street/contacts/{unknown.pk}/identify/" in page
    assert "Man in a green parka" in page


def test_the_list_costs_a_fixed_number_of_reads(
    world, outreach_user, outreach_client, django_assert_max_num_queries
):
    sign_agreement_for(world.council, world.outreach)
    _contacts(world, outreach_user, 6)
    outreach_client.get("/street/contacts/")  # warm the session
    # Session, user, memberships; signatures; count; unidentified count; the page; the
    # policy for its people (signatures, permissions and their sections, agencies,
    # break-glass). Then one access-log row per contact shown and per name shown.
    fixed = 14
    with django_assert_max_num_queries(fixed + 6 + 3):
        assert outreach_client.get("/street/contacts/").status_code == 200
    _contacts(world, outreach_user, 14, start=6)
    with django_assert_max_num_queries(fixed + 20 + 10):
        assert outreach_client.get("/street/contacts/").status_code == 200
    with django_assert_max_num_queries(fixed + 10):
        assert outreach_client.get("/street/contacts/unidentified/").status_code == 200


def test_a_contact_page_costs_a_fixed_number_of_reads(
    world, outreach_user, outreach_client, django_assert_max_num_queries
):
    person = make_person(world.outreach)
    contact = make_contact(
        world.outreach, outreach_user, person=person, place=make_place(world.coventry)
    )
    outreach_client.get(f"/street/contacts/{contact.pk}/")
    with django_assert_max_num_queries(16):
        assert outreach_client.get(f"/street/contacts/{contact.pk}/").status_code == 200
