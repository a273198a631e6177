"""Checks the HSDS tests share: validation against the specification's own schemas (copied
unchanged into hsds3/, see its README) and the equivalence of an example with the API's output.

The schemas name each other by their published addresses
(https://raw.githubusercontent.com/openreferral/specification/3.0/schema/...); a `referencing`
registry answers those from the local copies, so nothing is fetched.
"""

import json
from datetime import UTC, datetime, time
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HSDS3 = Path(__file__).parent / "hsds3"
EXAMPLES = HSDS3 / "examples"
OPENAPI = Path(__file__).parents[1] / "hsds" / "openapi.json"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OPENAPI_URI = "urn:waypost:hsds3:openapi.json"

# Fields that only point at another record: the API may add them beside what an example
# gives, as long as they point at a record the example holds.
REFERENCE_KEYS = frozenset(
    {"organization_id", "service_id", "location_id", "taxonomy_id", "taxonomy_term_id", "link_id"}
)


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def _local(uri: str) -> Path:
    """The local copy of a published schema. openapi.json names compiled/service.json and
    compiled/organization.json, which the shared folder does not hold: the first is
    service_with_definitions.json (the same schema with its parts inline), the second the
    plain organization.json (its relative $refs then find the plain files)."""
    name = uri.removeprefix(BASE)
    if name == "compiled/service.json":
        return HSDS3 / "compiled" / "service_with_definitions.json"
    path = HSDS3 / name
    return path if path.exists() else HSDS3 / Path(name).name


def _retrieve(uri: str) -> Resource[Any]:
    if uri == OPENAPI_URI:
        contents = json.loads(OPENAPI.read_text(encoding="utf-8"))
    elif uri.startswith(BASE):
        contents = json.loads(_local(uri).read_text(encoding="utf-8"))
    else:
        raise LookupError(f"No local copy of {uri}")
    return Resource.from_contents(contents, default_specification=DRAFT202012)


REGISTRY: Registry[Any] = Registry(retrieve=_retrieve)

FORMATS = FormatChecker()


@FORMATS.checks("uri", raises=ValueError)
def _is_uri(value: object) -> bool:
    # jsonschema checks "uri" only with an extra package: an absolute URI has a scheme.
    return not isinstance(value, str) or bool(urlsplit(value).scheme)


@cache
def validator(ref: str) -> Draft202012Validator:
    """A validator for a published schema (relative to BASE) or, with a leading "#", a
    JSON pointer into openapi.json."""
    target = f"{OPENAPI_URI}{ref}" if ref.startswith("#") else f"{BASE}{ref}"
    return Draft202012Validator({"$ref": target}, registry=REGISTRY, format_checker=FORMATS)


def _pointer(*parts: str) -> str:
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def response_schema(path: str) -> str:
    """openapi.json's schema for a 200 answer from `path` (like "/services")."""
    return _pointer(
        "paths", path, "get", "responses", "200", "content", "application/json", "schema"
    )


def assert_valid(ref: str, instance: Any) -> None:
    errors = sorted(validator(ref).iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:10]]


def assert_valid_response(path: str, body: Any) -> None:
    """The answer validates against the OpenAPI description's schema for that path (the
    `Page` wrapper and its contents' schema for lists)."""
    assert_valid(response_schema(path), body)


# ---------------------------------------------------------------------------------------------
# Equivalence


def _normal(value: Any) -> Any:
    """Numbers by value (35 and 35.0), date-times as instants in UTC (…Z and +00:00, with or
    without milliseconds), times with seconds (10:00 and 10:00:00)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        if len(value) in (5, 8) and value[2:3] == ":":
            try:
                return time.fromisoformat(value).isoformat()
            except ValueError:
                return value
        if "T" in value and value[:4].isdigit():
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                return value
            return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    return value


def _ids(value: Any) -> set[str]:
    """Every id an example holds."""
    found: set[str] = set()
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            found.add(value["id"])
        for inner in value.values():
            found |= _ids(inner)
    elif isinstance(value, list):
        for inner in value:
            found |= _ids(inner)
    return found


def _by_id(items: list[Any]) -> dict[str, Any] | None:
    if items and all(isinstance(i, dict) and "id" in i for i in items):
        keyed = {i["id"]: i for i in items}
        return keyed if len(keyed) == len(items) else None
    return None


def assert_equivalent(expected: Any, found: Any) -> None:
    """`found` (the API's answer) says what `expected` (a specification example) says:

    - every key the example gives comes back, with the same value after normalising numbers,
      date-times and times (_normal);
    - lists of records are compared as sets keyed by id (the order of a list carries no
      meaning in HSDS), other lists in order;
    - the answer adds no key the example lacks, except reference ids (REFERENCE_KEYS) that
      point at a record the example holds (a service's organization_id beside its nested
      organisation, say).

    So nothing in the example is lost, changed or invented on the way through Waypost.
    """
    _compare(expected, found, "$", _ids(expected))


def _compare(expected: Any, found: Any, path: str, ids: set[str]) -> None:
    if isinstance(expected, dict):
        assert isinstance(found, dict), f"{path}: expected an object, found {found!r}"
        for key, value in expected.items():
            assert key in found, f"{path}.{key} is missing"
            _compare(value, found[key], f"{path}.{key}", ids)
        for key in found.keys() - expected.keys():
            assert key in REFERENCE_KEYS, f"{path}.{key} was added: {found[key]!r}"
            assert found[key] in ids, f"{path}.{key} points at a record the example lacks"
    elif isinstance(expected, list):
        assert isinstance(found, list), f"{path}: expected a list, found {found!r}"
        keyed = _by_id(expected)
        if keyed is not None:
            found_keyed = _by_id(found)
            assert found_keyed is not None, f"{path}: records without ids came back"
            assert set(found_keyed) == set(keyed), f"{path}: ids differ"
            for key, value in keyed.items():
                _compare(value, found_keyed[key], f"{path}[id={key}]", ids)
        else:
            assert len(found) == len(expected), f"{path}: lengths differ"
            for i, (want, got) in enumerate(zip(expected, found, strict=True)):
                _compare(want, got, f"{path}[{i}]", ids)
    else:
        assert _normal(expected) == _normal(found), f"{path}: {expected!r} came back {found!r}"
