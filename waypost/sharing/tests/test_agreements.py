"""Agreement pages: versions and each agency's signature state, and who may see them."""

from datetime import date, timedelta

from django.urls import reverse

from waypost.sharing.actions import publish_agreement, sign_agreement
from waypost.testing.people import sign_agreement_for


def test_the_list_names_agencies_that_see_no_other_agencys_data(world, admin_client):
    sign_agreement_for(world.council)
    response = admin_client.get(reverse("sharing:agreements"))
    assert response.status_code == 200
    page = response.content.decode()
    # The outreach team, the hospital and the night shelter have not signed.
    assert "3 agencies currently see no other agency's data" in page
    unsigned = page.split('aria-label="Agencies with no in-date signature"')[1].split("</ul>")[0]
    assert "Coventry Outreach" in unsigned
    assert "University Hospital Coventry" in unsigned
    assert "Coventry Housing Options" not in unsigned
    assert "Publish a new version" in page


def test_coordinators_and_dpos_may_view_but_not_publish(world, coordinator_client, dpo_client):
    sign_agreement_for(world.council)
    for client in (coordinator_client, dpo_client):
        response = client.get(reverse("sharing:agreements"))
        assert response.status_code == 200
        assert "Version 1.0" in response.content.decode()
        assert "Publish a new version" not in response.content.decode()


def test_front_line_staff_may_not_see_agreements(world, caseworker_client, outreach_client):
    for client in (caseworker_client, outreach_client):
        assert client.get(reverse("sharing:agreements")).status_code == 403


def test_the_list_query_count_does_not_grow_with_versions(
    world, admin_client, django_assert_num_queries
):
    agreement = sign_agreement_for(world.council, world.outreach)
    for number in range(2, 6):
        publish_agreement(
            world.coventry.pk,
            version=f"{number}.0",
            title="Agreement",
            starts_on=agreement.starts_on + timedelta(days=number),
            by=None,
        )
    # session, user, memberships, MFA check; versions, agencies, signatures; session save (3)
    with django_assert_num_queries(11):  # with the SWEP banner
        response = admin_client.get(reverse("sharing:agreements"))
    assert response.content.decode().count("govuk-tag--green") == 5


def test_a_version_shows_each_agencys_signature_state(world, admin_client, admin_user):
    agreement = sign_agreement_for(world.council)
    sign_agreement(
        agreement,
        world.outreach,
        signatory_name="Olu Outreach",
        signatory_role="Head of service",
        signed_on=date.today() - timedelta(days=100),
        ends_on=date.today() - timedelta(days=1),
        by=admin_user,
    )
    response = admin_client.get(reverse("sharing:agreement", args=[agreement.pk]))
    rows = {
        row.split("</th>")[0].rsplit(">", 1)[-1]: row
        for row in response.content.decode().split('<th scope="row" class="govuk-table__header">')[
            1:
        ]
    }
    assert "In date" in rows["Coventry Housing Options"]
    assert "Sam Signer" in rows["Coventry Housing Options"]
    assert "Ended" in rows["Coventry Outreach"]
    assert "Not signed" in rows["University Hospital Coventry"]
    assert "Record signature" in rows["University Hospital Coventry"]


def test_a_version_page_has_a_fixed_query_count(world, admin_client, django_assert_num_queries):
    agreement = sign_agreement_for(world.council, world.outreach, world.hospital)
    # session, user, memberships, MFA; agreement, signatures, agencies; session save (3)
    with django_assert_num_queries(11):  # with the SWEP banner
        response = admin_client.get(reverse("sharing:agreement", args=[agreement.pk]))
    assert response.status_code == 200


def test_coordinators_see_a_version_without_change_links(world, coordinator_client):
    agreement = sign_agreement_for(world.council)
    response = coordinator_client.get(reverse("sharing:agreement", args=[agreement.pk]))
    assert response.status_code == 200
    assert "Record signature" not in response.content.decode()


def test_another_partnerships_agreement_is_not_found(world, birmingham_admin_client):
    agreement = sign_agreement_for(world.council)
    response = birmingham_admin_client.get(reverse("sharing:agreement", args=[agreement.pk]))
    assert response.status_code == 404
