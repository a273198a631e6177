import uuid

from django.urls import reverse

from waypost.audit.access import record_access
from waypost.audit.models import AccessEvent, Channel, Section


def test_it_records_viewing_the_access_log(dpo_client, dpo_user, world):
    person_id = uuid.uuid4()

    response = dpo_client.get(reverse("audit:log"), {"person_id": str(person_id)})

    assert response.status_code == 200
    event = AccessEvent.objects.get()
    assert event.user == dpo_user
    assert event.agency == world.council
    assert event.person_id == person_id
    assert event.section == Section.AUDIT
    assert event.channel == Channel.PAGE
    assert event.subject_type == "audit_log"
    # The URL name, never the path or the query string with the search in it.
    assert event.route == "audit:log"


def test_it_records_exporting_the_access_log(dpo_client, dpo_user):
    response = dpo_client.get(reverse("audit:export"))
    b"".join(response.streaming_content)

    event = AccessEvent.objects.get()
    assert (event.user, event.section, event.channel) == (dpo_user, Section.AUDIT, Channel.EXPORT)
    assert event.route == "audit:export"


def test_it_leaves_the_agency_empty_when_the_user_works_for_several(dpo_client, dpo_user, world):
    from waypost.accounts.models import Membership, Role

    Membership.objects.create(user=dpo_user, agency=world.outreach, role=Role.DPO)

    dpo_client.get(reverse("audit:log"))

    assert AccessEvent.objects.get().agency is None


def test_it_records_system_access_without_a_user(db):
    event = record_access(
        None,
        channel=Channel.EMAIL,
        section=Section.CONTACT,
        subject_type="person",
        subject_id=uuid.uuid4(),
        reason="SWEP cascade",
        route="swep:cascade",
    )

    event.refresh_from_db()
    assert event.user is None
    assert event.reason == "SWEP cascade"
