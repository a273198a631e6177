"""POST /api/v1/people/ with an Idempotency-Key: a retry never creates the person twice."""

from waypost.accounts.actions import create_api_token
from waypost.accounts.models import IdempotencyKey
from waypost.people.models import Person

URL = "/api/v1/people/"
BODY = {"given_name": "Marta", "family_name": "Kowalczyk", "create_anyway": True}


def _auth(user, key=None) -> dict[str, str]:
    _, raw = create_api_token(user=user, name="Partner system", by=user)
    headers = {"HTTP_AUTHORIZATION": f"Token {raw}"}
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return headers


def _post(client, auth, body=BODY):
    return client.post(URL, body, content_type="application/json", **auth)


def test_a_retry_with_the_same_key_answers_with_the_first_person(client, caseworker_user, world):
    auth = _auth(caseworker_user, key="referral-42")
    first = _post(client, auth)
    again = _post(client, auth)
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Person.objects.filter(family_name="Kowalczyk").count() == 1


def test_the_same_key_with_a_different_body_is_refused(client, caseworker_user, world):
    auth = _auth(caseworker_user, key="referral-43")
    _post(client, auth)
    other = _post(client, auth, {**BODY, "family_name": "Nowak"})
    assert other.status_code == 422
    assert other.json()["errors"][0]["code"] == "idempotency_key_reused"
    assert not Person.objects.filter(family_name="Nowak").exists()


def test_without_a_key_each_post_creates(client, caseworker_user, world):
    auth = _auth(caseworker_user)
    _post(client, auth)
    _post(client, auth)
    assert Person.objects.filter(family_name="Kowalczyk").count() == 2


def test_a_refused_request_does_not_use_up_its_key(client, caseworker_user, world):
    auth = _auth(caseworker_user, key="referral-44")
    bad = _post(client, auth, {**BODY, "nhs_number": "123"})
    assert bad.status_code == 400
    assert not IdempotencyKey.objects.exists()
    # The client fixes the body and sends it again with the same key.
    assert _post(client, auth, {**BODY, "nhs_number": "943 476 5919"}).status_code == 201


def test_keys_belong_to_one_user(client, caseworker_user, coordinator_user, world):
    _post(client, _auth(caseworker_user, key="shared-key"))
    response = _post(client, _auth(coordinator_user, key="shared-key"))
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert Person.objects.filter(family_name="Kowalczyk").count() == 2


def test_the_key_stores_no_personal_data(client, caseworker_user, world):
    _post(client, _auth(caseworker_user, key="referral-45"))
    stored = IdempotencyKey.objects.values().get()
    assert "Kowalczyk" not in str(stored) and "Marta" not in str(stored)


def test_an_unusable_key_is_refused(client, caseworker_user, world):
    response = _post(client, _auth(caseworker_user, key="x" * 256))
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "invalid_idempotency_key"
