"""A synthetic population and noisy ways of asking for its members, for the matching quality
test, generate_synthetic and the benchmarks (bench/). Seeded: the same seed gives the same people.

The noise is what staff meet: typos, nicknames, day and month swapped, dates missing or only
a year known, a name the person gave on another day (an alias), a changed family name, and the
same name written in another spelling when it was transliterated (Mohammed, Muhammad).
Nobody in it is real; names come from common UK and European name lists.
The larger population of `manage.py generate_synthetic` (waypost.synthetic) builds on these.
"""

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from waypost.people.matching.candidates import MatchQuery
from waypost.people.matching.index import insert_keys
from waypost.people.matching.nicknames import FORMAL
from waypost.people.models import (
    Alias,
    AliasKind,
    BirthDatePrecision,
    Gender,
    Identifier,
    IdentifierKind,
    Person,
)

MEN = (
    "james john robert michael william david richard joseph thomas charles christopher daniel "
    "matthew anthony mark steven paul andrew kenneth joshua kevin brian george timothy ronald "
    "edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott "
    "benjamin samuel gregory alexander patrick frank raymond jack dennis jerry tyler aaron "
    "henry adam douglas nathan peter zachary kyle walter harold jeremy ethan carl keith roger "
    "gerald christian terry sean arthur austin noah lawrence jesse joe bryan billy jordan "
    "albert dylan bruce willie gabriel alan juan logan wayne ralph roy eugene randy vincent "
    "russell louis philip bobby johnny bradley liam connor callum declan craig darren dean "
    "lee gavin ross stuart shaun wayne tomasz piotr krzysztof marek pawel andrei ionut mihai "
    "florin mohammed ahmed abdi hassan yusuf omar ali tariq imran kwame kofi chidi emeka"
).split()
WOMEN = (
    "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa "
    "margaret betty sandra ashley dorothy kimberley emily donna michelle carol amanda melissa "
    "deborah stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna "
    "brenda pamela nicole samantha katherine emma ruth christine catherine debra rachel "
    "carolyn janet virginia maria heather diane julie joyce victoria kelly christina joan "
    "evelyn lauren judith olivia frances martha cheryl megan andrea hannah jacqueline ann "
    "jean alice kathryn gloria teresa doris sara janice julia marie madison grace judy "
    "theresa beverly denise marilyn amber danielle abigail brittany rose diana natalie sophia "
    "alexandra kerry leanne gemma stacey tracey joanne claire siobhan aoife agnieszka "
    "katarzyna magdalena ioana elena andreea fatima amina hodan ayaan priya aisha grace"
).split()
FAMILY = (
    "smith jones williams taylor brown davies evans wilson thomas johnson roberts robinson "
    "thompson wright walker white edwards hughes green hall lewis harris clarke patel jackson "
    "wood turner martin cooper hill ward morris moore clark lee king baker harrison morgan "
    "allen james scott phillips watson davis parker price bennett young griffiths mitchell "
    "kelly cook carter richardson bailey collins bell shaw murphy miller cox richards khan "
    "marshall anderson simpson ellis adams singh begum wilkinson foster chapman powell webb "
    "rogers gray mason ali hunt hussain campbell matthews owen palmer holmes mills barnes "
    "knight lloyd butler russell barker fisher stevens jenkins murray dixon harvey graham "
    "pearson ahmed fletcher walsh kaur gibson howard andrews stewart elliott reynolds saunders "
    "payne fox ford pearce day brooks west lawrence cole atkinson bradley spencer gill dawson "
    "ball burton obrien watts rose booth perry ryan grant wells armstrong francis rees hayes "
    "hart hudson newman barrett webster hunter gregory carr lowe page marsh riley dunn "
    "woods parsons berry stone reid holland hawkins harding porter robertson newton oconnor "
    "byrne nowak kowalski wisniewski wojcik kaminski lewandowski popescu ionescu popa "
    "mohamed abdullahi osman warsame okafor mensah boateng oduya mcdonald mcleod macdonald "
    "doherty gallagher quinn kennedy lynch mccarthy donnelly fitzgerald sullivan"
).split()

_NICKS = {name: shorts for name, shorts in FORMAL.items() if shorts}

# Names written differently when transliterated or spelt by ear: each group is one name.
GIVEN_VARIANTS: dict[str, tuple[tuple[str, ...], ...]] = {
    Gender.MAN: (
        ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed"),
        ("Aleksandr", "Alexander", "Aleksander", "Oleksandr"),
        ("Yusuf", "Yousef", "Yusef", "Youssef"),
        ("Abdullahi", "Abdulahi", "Abdillahi"),
        ("Ahmed", "Ahmad", "Ahmet"),
        ("Hussein", "Husein", "Hussain"),
        ("Mustafa", "Mustapha", "Moustafa"),
        ("Ibrahim", "Ebrahim", "Ibraheem"),
        ("Omar", "Umar", "Omer"),
        ("Dmitri", "Dmitry", "Dimitri"),
        ("Sergei", "Sergey", "Serhiy"),
        ("Andrei", "Andrey", "Andriy"),
        ("Mikhail", "Mihail", "Mykhailo"),
        ("Seamus", "Shamus", "Séamus"),
    ),
    Gender.WOMAN: (
        ("Ioana", "Joana", "Yoana"),
        ("Katarzyna", "Katarzina", "Katazyna"),
        ("Siobhan", "Shevaun", "Shivaun", "Chevonne"),
        ("Aisha", "Ayesha", "Aishah", "Aysha"),
        ("Fatima", "Fatimah", "Fatma"),
        ("Olena", "Elena", "Alena"),
        ("Natalia", "Nataliya", "Natalya"),
        ("Yulia", "Julia", "Iuliia"),
        ("Maryam", "Mariam", "Miriam"),
        ("Khadija", "Khadijah", "Hadiza"),
        ("Niamh", "Neve", "Neeve"),
        ("Zeynep", "Zeinab", "Zainab"),
    ),
}
FAMILY_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Mohamed", "Mohammed", "Muhammad"),
    ("Abdullahi", "Abdulahi", "Abdillahi"),
    ("Hussain", "Hussein", "Husain"),
    ("Chaudhry", "Choudhury", "Chowdhury", "Chaudhary"),
    ("Wisniewski", "Wiśniewski", "Wisnewski"),
    ("Kowalski", "Kovalski", "Kowalsky"),
    ("Shevchenko", "Shevchenco", "Schewtschenko"),
    ("Ivanov", "Ivanoff", "Iwanow"),
    ("Popescu", "Popesku"),
    ("Nowak", "Novak"),
    ("Mensah", "Mensa"),
    ("O'Sullivan", "OSullivan", "O Sullivan"),
    ("McDonald", "MacDonald", "Mcdonald"),
)
_VARIANTS_OF: dict[str, tuple[str, ...]] = {
    name.lower(): group
    for group in itertools.chain(*GIVEN_VARIANTS.values(), FAMILY_VARIANTS)
    for name in group
}


def spelling_variant(rng: random.Random, name: str) -> str:
    """Another spelling of `name` from its variant group; `name` itself when it has none."""
    others = [v for v in _VARIANTS_OF.get(name.lower(), ()) if v != name]
    return rng.choice(others) if others else name


@dataclass
class SyntheticPerson:
    given: str
    family: str
    gender: str
    birth_date: date | None
    precision: str
    aliases: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, given, family)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    preferred: str = ""
    # An estimated age: how old they seemed, and on which day (birth_date is 1 January of the
    # year that implies, as the app stores it).
    estimated_age: int | None = None
    estimated_on: date | None = None


def _weighted(rng: random.Random, names: list[str]) -> str:
    # Zipf-like, as in real populations: the commonest name is about 3% of people. Cumulative
    # weights computed once draw exactly what rng.choices(names, weights) would, faster.
    cumulative = _ZIPF.get(len(names))
    if cumulative is None:
        weights = [1 / (rank + 10) for rank in range(1, len(names) + 1)]
        cumulative = _ZIPF[len(names)] = list(itertools.accumulate(weights))
    return rng.choices(names, cum_weights=cumulative)[0]


_ZIPF: dict[int, list[float]] = {}


def nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def prison_number(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTVWXYZ"
    return f"{rng.choice('AG')}{rng.randint(1000, 9999)}{rng.choice(letters)}{rng.choice(letters)}"


def make_population(n: int, seed: int = 1) -> list[SyntheticPerson]:
    """`n` distinct synthetic people (names repeat, as in life; people do not)."""
    rng = random.Random(seed)
    return [make_person(rng) for _ in range(n)]


def make_person(rng: random.Random) -> SyntheticPerson:
    """One synthetic person drawn from `rng`: names, date of birth, aliases and identifiers."""
    gender = rng.choices([Gender.MAN, Gender.WOMAN, Gender.UNKNOWN], [0.75, 0.22, 0.03])[0]
    given = _weighted(rng, WOMEN if gender == Gender.WOMAN else MEN)
    family = _weighted(rng, FAMILY)
    if rng.random() < 0.05:
        family = f"{family}-{rng.choice(FAMILY)}"
    born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 55))
    precision = rng.choices(
        [
            BirthDatePrecision.EXACT,
            BirthDatePrecision.YEAR,
            BirthDatePrecision.ESTIMATED,
            BirthDatePrecision.UNKNOWN,
        ],
        [0.85, 0.05, 0.05, 0.05],
    )[0]
    birth_date: date | None = born
    if precision in (BirthDatePrecision.YEAR, BirthDatePrecision.ESTIMATED):
        birth_date = date(born.year, 1, 1)
    elif precision == BirthDatePrecision.UNKNOWN:
        birth_date = None
    person = SyntheticPerson(given.title(), family.title(), gender, birth_date, precision)
    if rng.random() < 0.15 and given in _NICKS:
        person.aliases.append((AliasKind.NICKNAME, rng.choice(_NICKS[given]).title(), ""))
    if rng.random() < 0.08:
        person.aliases.append(
            (
                AliasKind.ALIAS,
                _weighted(rng, MEN if gender == Gender.MAN else WOMEN).title(),
                _weighted(rng, FAMILY).title(),
            )
        )
    if rng.random() < 0.3:
        person.identifiers.append((IdentifierKind.NHS_NUMBER, nhs_number(rng)))
    if rng.random() < 0.05:
        person.identifiers.append((IdentifierKind.PRISON_NUMBER, prison_number(rng)))
    return person


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: a letter dropped, doubled, changed or two swapped."""
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    match rng.randrange(4):
        case 0:
            return text[:i] + text[i + 1 :]
        case 1:
            return text[:i] + text[i] + text[i:]
        case 2:
            return text[:i] + rng.choice("aeiourstnlm") + text[i + 1 :]
        case _:
            return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


def _date_slip(rng: random.Random, born: date) -> date:
    """One digit of the day or the year wrong."""
    for _ in range(10):
        try:
            if rng.random() < 0.5:
                return born.replace(day=(born.day + rng.choice((1, -1, 10, -10))))
            return born.replace(year=born.year + rng.choice((1, -1, 10, -10)))
        except ValueError:
            continue
    return born


def noisy_query(rng: random.Random, person: SyntheticPerson) -> MatchQuery:
    """How a worker might describe `person` on another day: usually one or two slips."""
    given, family = person.given, person.family
    alias_names = [(g, f) for kind, g, f in person.aliases if kind == AliasKind.ALIAS]
    if alias_names and rng.random() < 0.5:
        given, family = alias_names[0]
    roll = rng.random()
    if roll < 0.25 and given.lower() in _NICKS:
        given = rng.choice(_NICKS[given.lower()]).title()
    elif roll < 0.45:
        given = typo(rng, given)
    if rng.random() < 0.3:
        family = typo(rng, family)
    birth_date = person.birth_date if person.precision == BirthDatePrecision.EXACT else None
    birth_year = person.birth_date.year if person.birth_date else None
    date_roll = rng.random()
    query_date: date | None = birth_date
    query_year: int | None = None
    if birth_date is not None and date_roll < 0.12 and birth_date.day <= 12:
        query_date = birth_date.replace(day=birth_date.month, month=birth_date.day)
    elif birth_date is not None and date_roll < 0.17:
        query_date = _date_slip(rng, birth_date)
    elif birth_date is not None and date_roll < 0.2:
        # Wrong altogether (a guess, or someone else's).
        query_date = birth_date + timedelta(days=rng.randint(400, 4000) * rng.choice((-1, 1)))
    elif date_roll < 0.32:
        query_date, query_year = None, None
    elif date_roll < 0.42:
        query_date, query_year = None, birth_year
    if query_date is None and query_year is None and birth_date is None and birth_year:
        query_year = birth_year if rng.random() < 0.5 else None
    return MatchQuery(
        given_name=given,
        family_name=family,
        date_of_birth=query_date,
        birth_year=query_year,
        gender=person.gender if rng.random() < 0.7 else "",
    )


@transaction.atomic
def create_population(
    people: list[SyntheticPerson], *, agency: Any, batch_size: int = 2000
) -> list[Person]:
    """Store the population as records of `agency`, with aliases, identifiers and match keys
    (bulk inserts: thousands of people a second)."""
    now = timezone.now()
    rows = [
        Person(
            partnership_id=agency.partnership_id,
            recorded_by_agency=agency,
            given_name=p.given,
            family_name=p.family,
            preferred_name=p.preferred,
            birth_date=p.birth_date,
            birth_date_precision=p.precision,
            estimated_age_years=p.estimated_age,
            estimated_on=p.estimated_on,
            gender=p.gender,
            created_at=now,
            updated_at=now,
            last_activity_at=now,
        )
        for p in people
    ]
    Person.objects.bulk_create(rows, batch_size=batch_size)
    aliases, identifiers = [], []
    indexed: list[tuple[Person, list[Alias], list[str]]] = []
    for person, spec in zip(rows, people, strict=True):
        person_aliases = [
            Alias(person=person, kind=kind, given_name=g, family_name=f, recorded_by_agency=agency)
            for kind, g, f in spec.aliases
        ]
        aliases += person_aliases
        identifiers += [
            Identifier(
                person=person,
                partnership_id=agency.partnership_id,
                kind=kind,
                value=value,
                recorded_by_agency=agency,
            )
            for kind, value in spec.identifiers
        ]
        indexed.append((person, person_aliases, [v for _, v in spec.identifiers]))
    Alias.objects.bulk_create(aliases, batch_size=batch_size)
    Identifier.objects.bulk_create(identifiers, batch_size=batch_size)
    insert_keys(indexed)
    return rows


def duplicate_record(rng: random.Random, person: SyntheticPerson) -> SyntheticPerson:
    """A second record of `person`, made by another agency on another day, with the same
    kinds of slips as `noisy_query`."""
    query = noisy_query(rng, person)
    precision, birth_date = BirthDatePrecision.UNKNOWN, None
    if query.date_of_birth is not None:
        precision, birth_date = BirthDatePrecision.EXACT, query.date_of_birth
    elif query.birth_year:
        precision, birth_date = BirthDatePrecision.ESTIMATED, date(query.birth_year, 1, 1)
    identifiers = person.identifiers if rng.random() < 0.3 else []
    return SyntheticPerson(
        given=query.given_name,
        family=query.family_name,
        gender=query.gender or Gender.UNKNOWN,
        birth_date=birth_date,
        precision=precision,
        identifiers=list(identifiers),
    )
