"""The Duty to Refer form: a referrer sends a referral with the person's consent and gets the
reference; every mistake is named and nothing typed is lost; a discharge pathway needs its
details (and only then); the same person again the same day is not counted twice."""

import re
from datetime import date, timedelta

import pytest

from waypost.accounts.models import Agency, AgencyType, Membership, Role
from waypost.referrals.models import Discharge, Referral, ReferralSource, ReferralStatus
from waypost.referrals.referrer_forms import DUTY_GROUP, VOLUNTARY_GROUP

URL = "/referrals/new/"


def _date(name: str, value: date) -> dict[str, str]:
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }


def form_data(world, **overrides) -> dict[str, str]:
    """What a discharge nurse types for a patient with no discharge pathway (all valid)."""
    data = {
        "partnership": str(world.coventry.pk),
        "given_name": "Dawn",
        "family_name": "Hartley",
        **_date("date_of_birth", date(1979, 4, 12)),
        "consent_given": "on",
        "consent_method": "verbal",
        **_date("consent_given_on", date.today()),
        "phone": "07700 900123",
        "email": "",
        "contact_method": "phone",
        "safe_to_leave_message": "on",
        "contact_notes": "On ward 12 until discharge",
        "situation": "threatened",
        "reason": "family_friends",
        "reason_detail": "Her sister can no longer put her up after she leaves hospital.",
        "pathway": "none",
        "body_type": "hospital_inpatient",
        "referrer_phone": "024 7696 4000",
        "referrer_email": "discharge.team@uhcw.example",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def discharge_data(**overrides) -> dict[str, str]:
    data = {
        "pathway": "hospital",
        **_date("expected_on", date.today() + timedelta(days=10)),
        "institution": "University Hospital Coventry",
        "ward_or_wing": "Ward 12",
        "contact_name": "Sam Okafor",
        "contact_role": "Discharge nurse",
        "contact_phone": "024 7696 4001",
        "contact_email": "",
        "needs_on_release": "Wound dressing changed daily; needs a ground-floor room.",
    }
    data.update(overrides)
    return data


def _errors(page: str) -> list[str]:
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    return re.findall(r"<a [^>]*>(.*?)</a>", summary.group(1)) if summary else []


def test_a_referrer_sends_a_referral_and_gets_the_reference(referrer_client, referrer_user, world):
    response = referrer_client.post(URL, form_data(world))
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response.url == f"/referrals/mine/{referral.pk}/sent/"
    assert referral.referring_agency == world.hospital
    assert referral.referred_by == referrer_user
    assert referral.partnership == world.coventry
    assert referral.source == ReferralSource.WEB
    assert referral.status == ReferralStatus.WAITING
    assert referral.consent_given and referral.consent_given_on == date.today()
    assert referral.date_of_birth == date(1979, 4, 12)
    assert referral.reason_detail.startswith("Her sister")
    assert not Discharge.objects.exists()

    page = referrer_client.get(response.url).content.decode()
    assert "Referral sent" in page
    assert referral.display_reference in page
    assert "What happens next" in page


def test_the_form_starts_from_the_referrers_agency(referrer_client, world):
    """A hospital refers as a hospital inpatient service, to its own council, from itself."""
    page = referrer_client.get(URL).content.decode()
    assert re.search(r'<option value="hospital_inpatient" selected>', page)
    assert re.search(rf'<option value="{world.coventry.pk}" selected>Coventry</option>', page)
    assert 'value="University Hospital Coventry"' in page  # the hospital's name
    assert 'value="referrer@coventry.test"' in page  # their sign-in email
    assert 'name="agency"' not in page  # one agency: nothing to choose


@pytest.mark.parametrize(
    ("agency_type", "body_type"),
    [
        (AgencyType.PRISON, "prison"),
        (AgencyType.PROBATION, "probation"),
        (AgencyType.DWP, "jobcentre_plus"),
    ],
)
def test_the_kind_of_service_follows_the_agency_type(client, world, agency_type, body_type):
    from waypost.testing.personas import make_user, mark_recently_authenticated

    agency = Agency.objects.create(partnership=world.coventry, name="HMP Example", type=agency_type)
    user = make_user("officer@example.test", agency=agency, role=Role.REFERRER)
    client.force_login(user)
    mark_recently_authenticated(client, user)
    page = client.get(URL).content.decode()
    assert re.search(rf'<option value="{body_type}" selected>', page)
    assert ('value="HMP Example"' in page) == (agency_type == AgencyType.PRISON)


def test_the_kinds_of_service_are_grouped_by_the_duty(referrer_client):
    """The twelve public bodies with the duty first, then voluntary referrers."""
    page = referrer_client.get(URL).content.decode()
    duty = re.search(rf'<optgroup label="{DUTY_GROUP}">(.*?)</optgroup>', page, re.S).group(1)
    voluntary = re.search(rf'<optgroup label="{VOLUNTARY_GROUP}">(.*?)</optgroup>', page, re.S)
    duty_values = re.findall(r'<option value="([a-z_]+)"', duty)
    voluntary_values = re.findall(r'<option value="([a-z_]+)"', voluntary.group(1))
    assert len(duty_values) == 12
    assert {"prison", "jobcentre_plus", "hospital_inpatient", "armed_forces"} <= set(duty_values)
    assert set(voluntary_values) == {
        "gp",
        "mental_health",
        "police",
        "housing_provider",
        "charity",
        "other",
    }


def test_consent_is_required_and_says_what_to_do_instead(referrer_client, world):
    response = referrer_client.post(URL, form_data(world, consent_given=None))
    page = response.content.decode()
    assert response.status_code == 200
    assert not Referral.objects.exists()
    assert _errors(page) == [
        "Tick to confirm Dawn Hartley agrees to this referral. If they do not agree, do not "
        "refer them: ring the housing options team for advice instead"
    ]
    assert "Dawn Hartley agrees to this referral" in page  # the question names them
    assert 'value="Dawn"' in page and "Her sister can no longer" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"given_name": ""}, "Enter their first name"),
        ({"reason_detail": ""}, "Enter what has happened"),
        ({"consent_method": None}, "Choose how the person agreed"),
        ({"email": "dawn-at-example"}, "Enter their email address in the correct format"),
        (
            {"phone": "", "contact_method": "phone"},
            "Enter their phone number, or choose another way to contact them",
        ),
        (
            _date("consent_given_on", date.today() + timedelta(days=30)),
            "The date they agreed must be today or in the past",
        ),
        ({"date_of_birth_2": ""}, "Their date of birth must include a year"),
        (
            {"referrer_phone": "", "referrer_email": ""},
            "Enter your phone number or email address, so the housing team can reach you",
        ),
        ({"body_type": ""}, "Choose the kind of service you are referring from"),
        ({"pathway": None}, "Choose whether they are leaving hospital or prison"),
    ],
)
def test_each_mistake_is_named_and_what_was_typed_is_kept(referrer_client, world, changes, message):
    response = referrer_client.post(URL, form_data(world, **changes))
    page = response.content.decode()
    errors = _errors(page)
    assert len(errors) == 1 and errors[0].startswith(message), errors
    assert "Error: Send a referral" in page
    assert not Referral.objects.exists()
    kept = ['value="Hartley"', "On ward 12 until discharge"]
    if "referrer_phone" not in changes:
        kept.append('value="024 7696 4000"')
    if "phone" not in changes:
        kept.append('value="07700 900123"')
    if "reason_detail" not in changes:
        kept.append("Her sister can no longer")
    if "date_of_birth_2" not in changes:
        kept.append('value="1979"')
    for value in kept:
        assert value in page
    assert re.search(r'value="threatened"[^>]*checked', page)
    assert re.search(r'name="consent_given"[^>]*checked', page)


def test_discharge_details_are_needed_only_with_a_pathway(referrer_client, world):
    # No pathway: the discharge boxes are ignored, even the prefilled hospital name.
    referrer_client.post(URL, form_data(world, institution="University Hospital Coventry"))
    assert not Discharge.objects.exists()

    # A pathway without its details: each missing one is named, the rest kept.
    missing = discharge_data(
        expected_on_0="", expected_on_1="", expected_on_2="", contact_name="", needs_on_release=""
    )
    page = referrer_client.post(URL, form_data(world, given_name="Dan", **missing)).content.decode()
    assert _errors(page) == [
        "Enter the date they are expected to leave",
        "Enter the name of the person the housing team should talk to",
        "Enter what they need when they leave, or “None known”",
    ]
    assert 'value="Discharge nurse"' in page and 'value="Ward 12"' in page
    assert re.search(r'value="hospital"[^>]*checked', page)

    page = referrer_client.post(
        URL,
        form_data(
            world,
            given_name="Dan",
            **discharge_data(
                contact_phone="",
                **_date("expected_on", date.today() - timedelta(days=1)),
            ),
        ),
    ).content.decode()
    assert _errors(page) == [
        "The expected discharge or release date must be today or in the future",
        "Enter a phone number or email address for the named contact",
    ]

    response = referrer_client.post(URL, form_data(world, given_name="Dan", **discharge_data()))
    assert response.status_code == 302
    discharge = Discharge.objects.get()
    assert discharge.referral.pathway == "hospital"
    assert discharge.contact_role == "Discharge nurse"
    assert discharge.expected_on == date.today() + timedelta(days=10)


def test_the_same_person_again_today_is_not_counted_twice(referrer_client, world):
    referrer_client.post(URL, form_data(world))
    first = Referral.objects.get()
    response = referrer_client.post(URL, form_data(world, given_name=" DAWN "))
    page = response.content.decode()
    assert response.status_code == 200
    assert Referral.objects.count() == 1
    assert "This person was already referred today" in page
    assert first.display_reference in page
    assert f'href="/referrals/mine/{first.pk}/"' in page

    # "Change what you entered" brings back the form with everything they typed.
    carried = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    back = referrer_client.post(URL, {**dict(carried), "action": "change"}).content.decode()
    assert Referral.objects.count() == 1
    assert 'value=" DAWN "' in back or 'value="DAWN"' in back
    assert "Her sister can no longer" in back and "There is a problem" not in back


def test_a_referrer_for_two_agencies_chooses_which(referrer_client, referrer_user, world):
    prison = Agency.objects.create(
        partnership=world.coventry, name="HMP Coventry", type=AgencyType.PRISON
    )
    Membership.objects.create(user=referrer_user, agency=prison, role=Role.REFERRER)
    page = referrer_client.get(URL).content.decode()
    assert "Which organisation are you referring for?" in page
    page = referrer_client.post(URL, form_data(world)).content.decode()
    assert _errors(page) == ["Choose the organisation you are referring for"]
    referrer_client.post(URL, form_data(world, agency=str(prison.pk), body_type="prison"))
    assert Referral.objects.get().referring_agency == prison


def test_the_person_may_choose_another_council(referrer_client, world):
    referrer_client.post(URL, form_data(world, partnership=str(world.birmingham.pk)))
    assert Referral.objects.get().partnership == world.birmingham


def test_roles_that_do_not_refer_are_refused(commissioner_client, dpo_client, admin_client):
    for client in (commissioner_client, dpo_client, admin_client):
        assert client.get(URL).status_code == 403
        assert client.get("/referrals/mine/").status_code == 403
