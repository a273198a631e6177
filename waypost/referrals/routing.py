"""Which partnership an alert goes to: the one whose area covers the place.

A partnership's area is a set of postcode districts (CV1, B12) and named places (Earlsdon,
Digbeth). The postcode decides when there is one; otherwise a named place in the town given.
When nothing matches, or a place name matches more than one partnership, the alert goes to a
coordinator to forward: a guess could send outreach to the wrong city.
"""

import re
from dataclasses import dataclass

from waypost.accounts.models import Partnership
from waypost.referrals.models import AreaPlace, AreaPostcodeDistrict

# A full postcode (outward and inward code) or an outward code on its own, loosely: catches
# typing mistakes, not every Royal Mail rule.
_FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def normalise_postcode(text: str) -> str:
    """'cv1  2ab' -> 'CV1 2AB'; an outward code alone stays alone ('CV1'). Unrecognised
    text is returned in capitals without spaces (see `postcode_problem`)."""
    compact = re.sub(r"\s+", "", text).upper()
    full = _FULL_POSTCODE.match(compact)
    if full:
        return f"{full.group(1)} {full.group(2)}"
    return compact


def postcode_problem(text: str) -> str | None:
    compact = re.sub(r"\s+", "", text).upper()
    if not compact or _FULL_POSTCODE.match(compact) or _DISTRICT.match(compact):
        return None
    return "Enter a real postcode, like CV1 2AB, or leave it blank and enter the town"


def postcode_district(postcode: str) -> str:
    """The district (outward code) of a postcode or of an outward code: 'CV1 2AB' -> 'CV1'."""
    compact = re.sub(r"\s+", "", postcode).upper()
    full = _FULL_POSTCODE.match(compact)
    if full:
        return full.group(1)
    return compact if _DISTRICT.match(compact) else ""


def normalise_district(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def district_problem(text: str) -> str | None:
    if _DISTRICT.match(normalise_district(text)):
        return None
    return f"“{text}” is not a postcode district: enter the first half of a postcode, like CV1"


def normalise_place(text: str) -> str:
    """Lower case, letters and digits only, single spaces: "St. John's" -> "st john s"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@dataclass(frozen=True)
class Route:
    partnership: Partnership | None
    how: str  # "postcode district CV1", "place Earlsdon", or "" when out of area


def route_place(*, postcode: str, town: str) -> Route:
    """The partnership whose area covers the place, and how it was matched.

    The postcode district decides first (sub-districts like EC1A also try EC1); then any
    named place that appears, as whole words, in the town or area given. Two queries at most.
    """
    district = postcode_district(postcode)
    if district:
        tries = [district]
        if district[-1].isalpha():
            tries.append(district[:-1])
        rows = {
            row.district: row
            for row in AreaPostcodeDistrict.objects.filter(district__in=tries).select_related(
                "partnership"
            )
        }
        for candidate in tries:
            if candidate in rows:
                return Route(rows[candidate].partnership, f"postcode district {candidate}")
    words = normalise_place(town)
    if words:
        padded = f" {words} "
        # Every place name that is a run of whole words in what was typed, as SQL cannot
        # easily ask "which stored names are inside this text": the text is short, so try
        # each run of up to 4 words.
        tokens = words.split()
        runs = {
            " ".join(tokens[i:j])
            for i in range(len(tokens))
            for j in range(i + 1, min(len(tokens), i + 4) + 1)
        }
        places = list(
            AreaPlace.objects.filter(normalised_name__in=runs).select_related("partnership")
        )
        places = [p for p in places if f" {p.normalised_name} " in padded]
        partnerships = {p.partnership_id: p for p in places}
        if len(partnerships) == 1:
            place = places[0]
            return Route(place.partnership, f"place {place.name}")
    return Route(None, "")
