"""The Duty to Refer API: a public body's system sends a referral as the form does, safely
retried with an Idempotency-Key and never counted twice; bad input is refused field by field
in the API's one error shape; the agency reads back its own referrals as the referrer sees
them, and gets 404 for anyone else's."""

import json
from datetime import date, timedelta

import pytest
import yaml

from waypost.accounts.actions import create_api_token
from waypost.accounts.models import Agency, AgencyType, IdempotencyKey, Membership, Role
from waypost.audit.models import AccessEvent
from waypost.referrals.models import Discharge, Duty, Referral, Triage
from waypost.referrals.tests.referral_helpers import discharge_fields, make_test_referral

URL = "/api/v1/referrals/"


def _body(**overrides):
    """A hospital discharge referral as a hospital's own system sends it."""
    body = {
        "partnership": "coventry",
        "body_type": "hospital_inpatient",
        "referrer_phone": "024 7696 4000",
        "referrer_email": "discharge.team@uhcw.example",
        "consent_given": True,
        "consent_method": "verbal",
        "consent_given_on": str(date.today()),
        "given_name": "Dawn",
        "family_name": "Hartley",
        "date_of_birth": "1979-04-12",
        "phone": "07700 900123",
        "contact_method": "phone",
        "safe_to_leave_message": True,
        "situation": "threatened",
        "reason": "family_friends",
        "reason_detail": "Her sister can no longer put her up after she leaves hospital.",
        "pathway": "hospital",
        "discharge": {
            "expected_on": str(date.today() + timedelta(days=10)),
            "institution": "University Hospital Coventry",
            "ward_or_wing": "Ward 12",
            "contact_name": "Sam Okafor",
            "contact_role": "Discharge nurse",
            "contact_phone": "024 7696 4001",
            "needs_on_release": "Wound dressing changed daily; needs a ground-floor room.",
        },
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def _auth(user, key=None):
    _, raw = create_api_token(user=user, name="Patient system", by=user)
    headers = {"HTTP_AUTHORIZATION": f"Token {raw}"}
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return headers


def _post(client, auth, body):
    return client.post(URL, json.dumps(body), content_type="application/json", **auth)


def _errors(response):
    body = response.json()
    assert body["type"] == "validation_error"
    return {e["attr"]: e["detail"] for e in body["errors"]}


def test_a_hospital_system_sends_a_discharge_referral(client, referrer_user, world):
    response = _post(client, _auth(referrer_user), _body())
    assert response.status_code == 201
    referral = Referral.objects.get()
    body = response.json()
    assert body == {
        "id": str(referral.pk),
        "reference": referral.display_reference,
        "status": "waiting",
        "received_at": body["received_at"],
        "duplicate": False,
        "url": f"http://testserver/api/v1/referrals/{referral.pk}/",
        "page_url": f"http://testserver/referrals/mine/{referral.pk}/",
    }
    assert response["Location"] == f"/api/v1/referrals/{referral.pk}/"
    assert referral.source == "api" and referral.referred_by == referrer_user
    assert referral.referring_agency == world.hospital and referral.partnership == world.coventry
    assert Discharge.objects.get(referral=referral).contact_name == "Sam Okafor"


def test_a_duty_to_refer_via_api_with_an_idempotency_key_sent_twice_creates_one_referral(
    client, referrer_user, world
):
    auth = _auth(referrer_user, key="patient-4411-referral")
    first = _post(client, auth, _body())
    again = _post(client, auth, _body())
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Referral.objects.count() == 1

    # Another key, the same person, the same day: the earlier referral, not a second one.
    other = _post(client, _auth(referrer_user, key="patient-4411-retry"), _body())
    assert other.status_code == 200
    assert other.json()["duplicate"] is True
    assert other.json()["id"] == first.json()["id"]
    assert Referral.objects.count() == 1
    # And a retry of that second call answers the same way.
    replay = _post(client, _auth(referrer_user, key="patient-4411-retry"), _body())
    assert replay.status_code == 200 and replay.json()["duplicate"] is True
    assert Referral.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(client, referrer_user, world):
    auth = _auth(referrer_user, key="k-1")
    _post(client, auth, _body())
    response = _post(client, auth, _body(given_name="Dan"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "idempotency_key_reused"
    assert Referral.objects.count() == 1


def test_a_refused_referral_does_not_use_up_its_key(client, referrer_user, world):
    auth = _auth(referrer_user, key="k-2")
    assert _post(client, auth, _body(reason_detail="")).status_code == 400
    assert not IdempotencyKey.objects.exists()
    assert _post(client, auth, _body()).status_code == 201


def test_without_consent_nothing_is_sent(client, referrer_user, world):
    auth = _auth(referrer_user)
    for body in (_body(consent_given=False), _body(consent_given=None)):
        response = _post(client, auth, body)
        assert response.status_code == 400
        assert list(_errors(response)) == ["consent_given"]
        assert "do not refer them" in _errors(response)["consent_given"]
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("changes", "attr"),
    [
        ({"partnership": "leicester"}, "partnership"),
        ({"body_type": "school"}, "body_type"),
        ({"consent_given_on": str(date.today() + timedelta(days=30))}, "consent_given_on"),
        ({"given_name": ""}, "given_name"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "", "contact_method": "phone"}, "phone"),
        ({"referrer_phone": "", "referrer_email": ""}, "referrer_phone"),
        ({"date_of_birth": "12/04/1979"}, "date_of_birth"),
        ({"discharge": None}, "discharge"),
        ({"pathway": "none"}, "discharge"),
        ({"nhs_number": "943 476 5919"}, "nhs_number"),
    ],
)
def test_bad_input_is_refused_field_by_field(client, referrer_user, world, changes, attr):
    response = _post(client, _auth(referrer_user), _body(**changes))
    assert response.status_code == 400
    errors = _errors(response)
    assert list(errors) == [attr], errors
    assert not Referral.objects.exists()


def test_discharge_details_are_checked_inside_the_discharge(client, referrer_user, world):
    discharge = {
        **_body()["discharge"],
        "expected_on": str(date.today() - timedelta(days=1)),
        "contact_phone": "",
        "needs_on_release": "",
    }
    response = _post(client, _auth(referrer_user), _body(discharge=discharge))
    assert response.status_code == 400
    assert set(_errors(response)) == {"discharge.needs_on_release"}
    discharge["needs_on_release"] = "None known"
    errors = _errors(_post(client, _auth(referrer_user), _body(discharge=discharge)))
    assert set(errors) == {"discharge.expected_on", "discharge.contact_phone"}


def test_not_json_or_not_an_object_is_refused(client, referrer_user, world):
    auth = _auth(referrer_user)
    response = client.post(URL, "given_name=Dawn", content_type="text/plain", **auth)
    assert response.status_code == 415
    response = client.post(URL, "[]", content_type="application/json", **auth)
    assert response.status_code == 400


def test_a_referrer_for_two_agencies_says_which(client, referrer_user, world):
    prison = Agency.objects.create(
        partnership=world.coventry, name="HMP Coventry", type=AgencyType.PRISON
    )
    Membership.objects.create(user=referrer_user, agency=prison, role=Role.REFERRER)
    auth = _auth(referrer_user)
    assert list(_errors(_post(client, auth, _body()))) == ["agency"]
    other = _post(client, auth, _body(agency=str(world.council.pk)))
    assert list(_errors(other)) == ["agency"]
    assert _post(client, auth, _body(agency=str(prison.pk))).status_code == 201
    assert Referral.objects.get().referring_agency == prison


def test_roles_that_do_not_refer_are_refused(client, commissioner_user, dpo_user, world):
    for user in (commissioner_user, dpo_user):
        auth = _auth(user)
        assert _post(client, auth, _body()).status_code == 403
        assert client.get(URL, **auth).status_code == 403


def test_the_agency_reads_its_referrals_with_outcomes_only(
    client, referrer_user, caseworker_user, world
):
    auth = _auth(referrer_user)
    _post(client, auth, _body())
    referral = Referral.objects.get()
    Triage.objects.create(
        referral=referral, eligibility="not_eligible", local_connection="elsewhere",
        connection_area="Leicester", public_funds="nrpf", route="reconnection",
        notes="TRIAGE-NOTE-7731",
    )  # fmt: skip
    Referral.objects.filter(pk=referral.pk).update(
        status="accepted", lead_agency=world.council, assigned_to=caseworker_user
    )
    Duty.objects.create(
        referral=referral, kind="relief", started_on=date.today(),
        ends_on=Duty.end_date_for(date.today()), ended_on=date.today(),
        outcome="secured_12_months", outcome_notes="DUTY-NOTE-5512",
    )  # fmt: skip
    Discharge.objects.filter(referral=referral).update(accommodation_confirmed=True)

    listing = client.get(URL, **auth)
    assert listing.status_code == 200
    assert [r["id"] for r in listing.json()["results"]] == [str(referral.pk)]
    one = client.get(f"{URL}{referral.pk}/", **auth)
    assert one.status_code == 200
    data = one.json()
    assert data == listing.json()["results"][0]
    assert data["status"] == "accepted"
    assert data["handled_by"] == "Coventry Housing Options"
    assert data["duties"] == [
        {
            "kind": "relief",
            "started_on": str(date.today()),
            "ends_on": str(Duty.end_date_for(date.today())),
            "ended_on": str(date.today()),
            "outcome": "secured_12_months",
            "outcome_label": "Accommodation secured for 12 months or more",
        }
    ]
    assert data["discharge"]["accommodation_confirmed"] is True
    assert data["reason_detail"].startswith("Her sister")
    text = json.dumps(data)
    for secret in ("TRIAGE-NOTE-7731", "not_eligible", "nrpf", "Leicester", "DUTY-NOTE-5512",
                   caseworker_user.email, "person"):  # fmt: skip
        assert secret not in text, secret
    events = AccessEvent.objects.filter(user=referrer_user, subject_id=str(referral.pk))
    assert {(e.channel, e.route) for e in events} == {
        ("api", "api-referrals"),
        ("api", "api-referral"),
    }


def test_another_agencys_referral_is_not_found(client, referrer_user, outreach_user, world):
    referral = make_test_referral(by=referrer_user, agency=world.hospital,
                                  partnership=world.coventry)  # fmt: skip
    auth = _auth(outreach_user)
    assert client.get(f"{URL}{referral.pk}/", **auth).status_code == 404
    assert client.get(URL, **auth).json()["results"] == []
    assert not AccessEvent.objects.filter(user=outreach_user, subject_id=str(referral.pk))


def test_the_list_costs_a_fixed_number_of_reads(
    client, referrer_user, world, django_assert_max_num_queries
):
    for name in ("Ann", "Bea", "Cat", "Dee"):
        make_test_referral(by=referrer_user, agency=world.hospital, partnership=world.coventry,
                           given_name=name, discharge=discharge_fields())  # fmt: skip
    auth = _auth(referrer_user)
    # The token and its first use, its user's TOTP, memberships, the page, duties; then a log
    # row each; and 6 to count the call against API_USER_RATE in the database cache (none with
    # Redis).
    with django_assert_max_num_queries(6 + 4 + 6):
        assert client.get(URL, **auth).status_code == 200


def test_the_schema_documents_the_referral_api(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/referrals/"])
    assert "get" in paths["/api/v1/referrals/{referral_id}/"]
    post = paths["/api/v1/referrals/"]["post"]
    assert {"200", "201", "400"} <= set(post["responses"])
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
