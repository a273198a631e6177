"""The demo service directory for `seed_demo`, for Coventry and Birmingham: seven areas each
with their middle points; organisations, some linked to the partnership's agencies (so their
demo staff keep their own services) and some charities that are not; and about thirty
services covering every Waypost category, with places, opening hours (weekday day centres, a
night shelter open 8pm to 8am every night, a Saturday-only kitchen, some closed on bank
holidays, one with its own bank holiday hours), eligibility, public and professionals-only
contacts and referral routes, the emergency beds linked to the housing demo's schemes, one
entry not checked for seven months, and each toolkit audience's chosen services.

Everything is made up: the organisations, the addresses' door numbers and the phone numbers,
which are from Ofcom's ranges kept for drama (024 7696 0xxx, 0121 496 0xxx, 07700 900xxx), so
they ring nobody. Contacts are job titles, never people's names.

Idempotent: an area, organisation, place or service that already exists (by its name in the
partnership) is left as it is.
"""

from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from waypost.accounts.models import Agency, AgencyType, Partnership, Role, User
from waypost.directory.manage_actions import (
    ContactDetails,
    ServiceDetails,
    WeeklyHours,
    add_service,
)
from waypost.directory.models import (
    Access,
    Accessibility,
    Address,
    Area,
    Audience,
    BankHolidays,
    GenderServed,
    Location,
    Organization,
    Schedule,
    Service,
    ToolkitChoice,
)
from waypost.housing.models import Scheme

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAYS = "MO,TU,WE,TH,FR"
EVERY_DAY = ",".join(DAYS)
ALL_HOURS = ("00:00", "00:00")  # open all day and night


@dataclass(frozen=True)
class DemoPlace:
    name: str
    address_1: str
    postcode: str
    area: str
    latitude: float
    longitude: float
    transportation: str
    accessibility: str = "Step-free entrance and an accessible toilet."


@dataclass(frozen=True)
class DemoOrganization:
    name: str  # "{city}" is the partnership's name
    description: str
    agency_type: str | None = None
    website: str = ""


@dataclass(frozen=True)
class DemoService:
    key: str
    organization: str
    name: str
    description: str
    categories: tuple[str, ...]
    place: str | None = None
    hours: tuple[tuple[str, str, str], ...] = ()  # (days, opens, closes)
    how_to_get_in: str = "Just turn up."
    access: str = Access.WALK_IN
    gender: str = GenderServed.ANYONE
    minimum_age: int | None = None
    maximum_age: int | None = None
    accepts_no_recourse: bool = False
    needs_local_connection: bool = False
    bank_holidays: str = BankHolidays.USUAL
    holiday_hours: tuple[str, str] | None = None
    referral_route: str = ""
    public_contact: str = ""  # a job title or team
    internal_contact: str = ""  # professionals only
    languages: tuple[str, ...] = ("English",)
    alert: str = ""
    eligibility: str = ""
    scheme: str = ""  # the housing demo's scheme this entry describes
    checked_days_ago: int = 0
    email: bool = False


# --- Areas and places --------------------------------------------------------------------------
AREAS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "coventry": (
        ("City centre", "52.40806", "-1.51055"),
        ("Hillfields", "52.41470", "-1.49860"),
        ("Foleshill", "52.43010", "-1.49770"),
        ("Earlsdon", "52.39850", "-1.52900"),
        ("Stoke", "52.40620", "-1.48330"),
        ("Tile Hill", "52.40030", "-1.58720"),
        ("Walsgrave", "52.42850", "-1.44420"),
    ),
    "birmingham": (
        ("City centre", "52.47960", "-1.90260"),
        ("Digbeth", "52.47500", "-1.88700"),
        ("Aston", "52.50200", "-1.88400"),
        ("Small Heath", "52.47000", "-1.85600"),
        ("Sparkbrook", "52.46200", "-1.87000"),
        ("Edgbaston", "52.46000", "-1.92600"),
        ("Erdington", "52.52300", "-1.83800"),
    ),
}

# fmt: off
PLACES: dict[str, dict[str, DemoPlace]] = {
    "coventry": {
        "council": DemoPlace(
            "Housing Options, Broadgate House", "Broadgate", "CV1 1NH", "City centre",
            52.40790, -1.51040,
            "A five-minute walk from Pool Meadow bus station. Ask at the main reception.",
        ),
        "day_centre": DemoPlace(
            "Harnall Lane Day Centre", "41 Harnall Lane East", "CV1 5AE", "Hillfields",
            52.41470, -1.49860,
            "Buses 4 and 13 stop on Harnall Lane East. Ten minutes' walk from Pool Meadow.",
        ),
        "shelter": DemoPlace(
            "Swanswell night shelter", "12 Swanswell Street", "CV1 4FS", "Hillfields",
            52.41420, -1.50400,
            "Behind Swanswell Pool, five minutes' walk from Pool Meadow bus station. Ring the "
            "bell at the side door.",
            "Ground-floor beds and an accessible shower. Assistance dogs welcome.",
        ),
        "hostel": DemoPlace(
            "Station Road Hostel", "18 Station Road", "CV1 2FJ", "City centre",
            52.40100, -1.51300,
            "Two minutes' walk from Coventry railway station.",
            "No lift: the rooms are up stairs. One ground-floor couple's room.",
        ),
        "foyer": DemoPlace(
            "Young People's Foyer", "9 Raglan Street", "CV1 5QF", "Hillfields",
            52.40950, -1.49850,
            "Off Sky Blue Way. Buses 4 and 13 stop on Walsgrave Road.",
        ),
        "gp": DemoPlace(
            "Stoney Stanton Road Health Centre", "120 Stoney Stanton Road", "CV6 5FP",
            "Foleshill", 52.42600, -1.50000,
            "Bus 20 stops outside. Free parking at the back.",
        ),
        "hub": DemoPlace(
            "Gosford Street Recovery Hub", "53 Gosford Street", "CV1 5DW", "Stoke",
            52.40700, -1.49900,
            "Next to the university. Buses 2 and 10 stop on Far Gosford Street.",
        ),
        "cafe": DemoPlace(
            "The Coach House", "17 Spon Street", "CV1 3BA", "City centre",
            52.40980, -1.51700,
            "At the top of Spon Street, five minutes from the Upper Precinct.",
        ),
        "jobcentre": DemoPlace(
            "JobCentre Plus, New Union Street", "New Union Street", "CV1 2HN", "City centre",
            52.40550, -1.51200,
            "Opposite the council offices, ten minutes' walk from the station.",
        ),
        "church_hall": DemoPlace(
            "St Barbara's church hall", "1 Rochester Road", "CV5 6AG", "Earlsdon",
            52.39850, -1.52900,
            "Bus 12 stops on Earlsdon Avenue. The hall is behind the church.",
            "Step-free through the side gate. Accessible toilet.",
        ),
        "advice": DemoPlace(
            "Foleshill Community Advice Centre", "350 Foleshill Road", "CV6 5AQ", "Foleshill",
            52.43010, -1.49770,
            "Buses 20 and 20A stop outside.",
        ),
        "womens": DemoPlace(
            "Sisters' Space", "22 Queens Road", "CV1 3EG", "Earlsdon",
            52.40300, -1.52200,
            "Ten minutes' walk from the station. Ring the bell: the door is answered by women.",
        ),
        "learning": DemoPlace(
            "Pathways Learning Centre", "Jardine Crescent", "CV4 9PL", "Tile Hill",
            52.40030, -1.58720,
            "Bus 6 stops in Jardine Crescent. Tile Hill station is a ten-minute walk.",
        ),
        "furniture": DemoPlace(
            "Furniture store, Longford Road", "Unit 3, Longford Road", "CV6 6DR", "Foleshill",
            52.44100, -1.49200,
            "Bus 20 stops at Longford Square. Deliveries are free.",
        ),
        "hospital": DemoPlace(
            "University Hospital, Clifford Bridge Road", "Clifford Bridge Road", "CV2 2DX",
            "Walsgrave", 52.42130, -1.43870,
            "Buses 585 and 21 stop at the main entrance.",
        ),
        "dental": DemoPlace(
            "City Health Centre dental clinic", "2 Stoney Stanton Road", "CV1 4FS",
            "Hillfields", 52.41600, -1.50300,
            "Five minutes' walk from Pool Meadow bus station. The clinic is on the first "
            "floor.",
            "Lift to the first floor. Accessible toilet.",
        ),
        "showers": DemoPlace(
            "Shower bus stop, Fairfax Street", "Fairfax Street", "CV1 5RR", "City centre",
            52.40940, -1.50560,
            "The bus parks outside Pool Meadow bus station.",
            "The bus has a step up; staff have a ramp.",
        ),
    },
    "birmingham": {
        "council": DemoPlace(
            "Housing Options Centre", "1 Lancaster Circus", "B4 7DJ", "City centre",
            52.48650, -1.89300,
            "Five minutes' walk from Birmingham Moor Street. Trams stop at Bull Street.",
        ),
        "day_centre": DemoPlace(
            "Bradford Street Day Centre", "80 Bradford Street", "B12 0NS", "Digbeth",
            52.47320, -1.88900,
            "Ten minutes' walk from Digbeth coach station. Buses 50 and 60 stop nearby.",
        ),
        "shelter": DemoPlace(
            "Moor Street night shelter", "14 Moor Street Queensway", "B4 7UL", "City centre",
            52.47920, -1.89250,
            "Opposite Birmingham Moor Street station. Ring the bell at the blue door.",
            "Ground-floor beds and an accessible shower. Assistance dogs welcome.",
        ),
        "hostel": DemoPlace(
            "Station Road Hostel", "18 Station Road", "B23 6UB", "Erdington",
            52.52500, -1.83900,
            "Two minutes' walk from Erdington station.",
            "No lift: the rooms are up stairs. One ground-floor couple's room.",
        ),
        "foyer": DemoPlace(
            "Young People's Foyer", "10 Newtown Row", "B6 4AB", "Aston",
            52.49600, -1.89700,
            "Buses 33 and 51 stop outside.",
        ),
        "gp": DemoPlace(
            "Bath Row Homeless Health Centre", "2 Bath Row", "B15 1NE", "Edgbaston",
            52.47000, -1.90800,
            "Five minutes' walk from Five Ways station.",
        ),
        "hub": DemoPlace(
            "Coventry Road Recovery Hub", "185 Coventry Road", "B10 0RA", "Small Heath",
            52.47100, -1.86500,
            "Buses 60 and 97 stop outside.",
        ),
        "cafe": DemoPlace(
            "Erdington Crisis Café", "40 High Street, Erdington", "B23 6RH", "Erdington",
            52.52350, -1.83800,
            "Three minutes' walk from Erdington station.",
        ),
        "jobcentre": DemoPlace(
            "JobCentre Plus, Corporation Street", "1 Corporation Street", "B2 4RN",
            "City centre", 52.48100, -1.89600,
            "Trams stop at Corporation Street. Five minutes from New Street station.",
        ),
        "church_hall": DemoPlace(
            "St Anne's church hall", "50 Ladypool Road", "B12 8JU", "Sparkbrook",
            52.46200, -1.87000,
            "Buses 4 and 5 stop on Stratford Road. The hall is behind the church.",
            "Step-free through the side gate. Accessible toilet.",
        ),
        "advice": DemoPlace(
            "Small Heath Community Advice Centre", "300 Coventry Road", "B10 0XA",
            "Small Heath", 52.47000, -1.85600,
            "Buses 60 and 97 stop outside. Small Heath station is five minutes away.",
        ),
        "womens": DemoPlace(
            "Sisters' Space", "9 Hagley Road", "B16 8TT", "Edgbaston",
            52.47300, -1.92000,
            "Five minutes' walk from Five Ways station. The door is answered by women.",
        ),
        "learning": DemoPlace(
            "Pathways Learning Centre", "120 High Street, Erdington", "B23 6RJ", "Erdington",
            52.52300, -1.83800,
            "Three minutes' walk from Erdington station.",
        ),
        "furniture": DemoPlace(
            "Furniture store, Rocky Lane", "Unit 5, Rocky Lane", "B6 5RQ", "Aston",
            52.50200, -1.88400,
            "Five minutes' walk from Aston station. Deliveries are free.",
        ),
        "hospital": DemoPlace(
            "Queen's Road Hospital", "100 Mindelsohn Way", "B15 2TH", "Edgbaston",
            52.45300, -1.94100,
            "University station is a ten-minute walk. Buses 1 and 61 stop at the main "
            "entrance.",
        ),
        "dental": DemoPlace(
            "Pershore Road dental clinic", "22 Pershore Road", "B5 7RS", "Edgbaston",
            52.46300, -1.90000,
            "Buses 45 and 47 stop outside.",
            "Lift to the first floor. Accessible toilet.",
        ),
        "showers": DemoPlace(
            "Shower bus stop, Moor Street Queensway", "Moor Street Queensway", "B4 7UL",
            "City centre", 52.47900, -1.89300,
            "The bus parks outside Birmingham Moor Street station.",
            "The bus has a step up; staff have a ramp.",
        ),
    },
}
# fmt: on

# Which organisation each place belongs to (the first service there's, usually).
PLACE_OWNERS = {
    "council": "council",
    "day_centre": "charity",
    "shelter": "shelter",
    "hostel": "shelter",
    "foyer": "shelter",
    "gp": "gp",
    "hub": "drugs",
    "cafe": "mental_health",
    "jobcentre": "dwp",
    "church_hall": "faith",
    "advice": "advice",
    "womens": "sisters",
    "learning": "pathways",
    "furniture": "housing_association",
    "hospital": "hospital",
    "dental": "dental",
    "showers": "clean_start",
}

# --- Organisations -----------------------------------------------------------------------------
ORGANIZATIONS: dict[str, DemoOrganization] = {
    "council": DemoOrganization(
        "{city} City Council Housing Options",
        "The council's homelessness and housing advice service.",
        AgencyType.HOUSING_OPTIONS,
    ),
    "outreach": DemoOrganization(
        "{city} Street Outreach",
        "Finds and helps people sleeping rough, early mornings and evenings, every day.",
        AgencyType.OUTREACH,
    ),
    "shelter": DemoOrganization(
        "{city} Night Shelter and Hostels",
        "Runs the night shelter, hostels and emergency beds.",
        AgencyType.ACCOMMODATION,
    ),
    "hospital": DemoOrganization(
        "{city} Hospitals NHS Trust",
        "The city's hospitals, with a team for patients who have no home to go to.",
        AgencyType.HOSPITAL,
    ),
    "gp": DemoOrganization(
        "{city} Homeless Health GP Practice",
        "A GP practice for people who are homeless or have no fixed address.",
        AgencyType.PRIMARY_CARE,
    ),
    "mental_health": DemoOrganization(
        "{city} Mental Health Trust",
        "NHS mental health services, including a team that works on the streets.",
        AgencyType.MENTAL_HEALTH,
    ),
    "drugs": DemoOrganization(
        "{city} Drug and Alcohol Service",
        "Treatment, harm reduction and recovery for drugs and alcohol.",
        AgencyType.DRUG_ALCOHOL,
    ),
    "dwp": DemoOrganization(
        "{city} JobCentre Plus",
        "The Department for Work and Pensions' JobCentre, with work coaches for people who "
        "are homeless.",
        AgencyType.DWP,
    ),
    "charity": DemoOrganization(
        "{city} Homeless Support Charity",
        "Runs the day centre, with food, showers, post and a women's drop-in.",
        AgencyType.CHARITY,
    ),
    "housing_association": DemoOrganization(
        "{city} Housing Association",
        "A housing association that helps new tenants settle into their homes.",
        AgencyType.LANDLORD,
    ),
    "faith": DemoOrganization(
        "{city} Faith and Community Network",
        "Churches, mosques, gurdwaras and community groups that feed and welcome people.",
        AgencyType.OTHER,
    ),
    "probation": DemoOrganization(
        "{city} Probation Delivery Unit",
        "The Probation Service's team for the city.",
        AgencyType.PROBATION,
    ),
    "advice": DemoOrganization(
        "{city} Community Advice Centre",
        "Free, independent advice on benefits, debt and money.",
    ),
    "migrant": DemoOrganization(
        "Midlands Migrant Rights Advice",
        "Free immigration advice from regulated advisers, including for people with no "
        "recourse to public funds.",
    ),
    "youth": DemoOrganization(
        "{city} Youth Housing Project",
        "Advice and support for young people who are homeless or about to be.",
    ),
    "pathways": DemoOrganization(
        "Pathways Employment Project",
        "Helps people who have been homeless into training and work.",
    ),
    "clean_start": DemoOrganization(
        "Clean Start",
        "A shower and laundry bus run by volunteers.",
    ),
    "food_bank": DemoOrganization(
        "St Michael's Food Bank",
        "Emergency food parcels for people referred with a food bank voucher.",
    ),
    "sisters": DemoOrganization(
        "Sisters' Space",
        "A women-only centre, run by women, for women who are homeless or at risk.",
    ),
    "dental": DemoOrganization(
        "{city} Community Dental Service",
        "NHS dental care for people who find it hard to see a high-street dentist.",
    ),
    "giving": DemoOrganization(
        "{city} Alternative Giving",
        "A fund the public can give to instead of giving cash on the street.",
        website="https://giving.example",
    ),
}

# --- Services ----------------------------------------------------------------------------------
SERVICES: tuple[DemoService, ...] = (
    DemoService(
        "housing-options",
        "council",
        "Homelessness and housing advice",
        "Help if you are homeless or might lose your home in the next 8 weeks: advice, a "
        "personal housing plan, and emergency accommodation if you are eligible.",
        ("housing-advice", "advice"),
        "council",
        ((WEEKDAYS, "09:00", "17:00"),),
        "Walk in, or ring first to book a time. Bring ID and any letters about your home if "
        "you have them, but come without them if not.",
        Access.WALK_IN_OR_REFERRAL,
        accepts_no_recourse=True,
        bank_holidays=BankHolidays.CLOSED,
        referral_route="Make a Duty to Refer through Waypost (Referrals, then Duty to Refer). "
        "For someone sleeping rough tonight, ring the duty officer as well.",
        public_contact="Housing options duty desk",
        internal_contact="Duty to Refer team",
        languages=("English", "Polish", "Punjabi", "Arabic"),
        email=True,
    ),
    DemoService(
        "out-of-hours",
        "council",
        "Out of hours emergency housing line",
        "If you have nowhere to sleep tonight and the housing options office is closed, ring "
        "this line. It can find you an emergency bed if you are eligible.",
        ("emergency-accommodation", "housing-advice"),
        None,
        ((WEEKDAYS, "17:00", "09:00"), ("SA,SU", *ALL_HOURS)),
        "Ring the line. You do not need an appointment.",
        Access.WALK_IN,
        accepts_no_recourse=True,
        public_contact="Out of hours line",
    ),
    DemoService(
        "street-outreach",
        "outreach",
        "Street outreach team",
        "Workers who go out early in the morning and in the evening to find people sleeping "
        "rough, offer a bed, and help with health, benefits and ID. Tell StreetLink about "
        "someone you are worried about and the team will go out to them.",
        ("housing-advice", "emergency-accommodation"),
        None,
        (),  # two sessions a day: written below, as the weekly grid cannot show them
        "You do not need to do anything: the team comes to you. Anyone can tell StreetLink.",
        Access.WALK_IN,
        accepts_no_recourse=True,
        referral_route="Raise an alert in Waypost (Alerts, then New alert) with where and when "
        "the person sleeps. For an emergency, ring 999.",
        public_contact="Outreach team",
        internal_contact="Outreach team leader",
        languages=("English", "Polish", "Romanian"),
    ),
    DemoService(
        "night-shelter",
        "shelter",
        "{city} Night Shelter",
        "A warm bed, an evening meal and breakfast, every night of the year. Staff help you "
        "find somewhere to live.",
        ("emergency-accommodation",),
        "shelter",
        ((EVERY_DAY, "20:00", "08:00"),),
        "Come to the door from 8pm, or ring first to check there is a bed. The outreach team "
        "can bring you.",
        Access.WALK_IN_OR_REFERRAL,
        minimum_age=18,
        accepts_no_recourse=True,
        referral_route="Ring the shelter from 7pm to book a bed. Outreach can bring people "
        "straight in; check the vacancy board in Waypost first.",
        public_contact="Shelter door",
        internal_contact="Shelter manager",
        scheme="{city} Night Shelter",
    ),
    DemoService(
        "womens-beds",
        "shelter",
        "Women's Safe Beds",
        "Emergency rooms for women only, with staff on site day and night. The address is "
        "private, to keep women safe.",
        ("emergency-accommodation", "womens-services"),
        None,
        ((EVERY_DAY, *ALL_HOURS),),
        "Ring the duty worker at any time. The address is given when you have a room.",
        Access.REFERRAL,
        gender=GenderServed.WOMEN,
        minimum_age=18,
        accepts_no_recourse=True,
        referral_route="Ring the duty worker to refer. Never give out the address.",
        public_contact="Duty worker",
        internal_contact="Women's services manager",
        scheme="Women's Safe Beds",
    ),
    DemoService(
        "swep-beds",
        "shelter",
        "{city} severe weather beds",
        "Extra emergency beds opened when the weather is dangerous (the severe weather "
        "emergency protocol, SWEP). Anyone sleeping rough is offered a bed, whatever their "
        "situation.",
        ("emergency-accommodation",),
        "shelter",
        (),
        "When SWEP is on, come to the night shelter or ask the outreach team.",
        Access.WALK_IN,
        accepts_no_recourse=True,
        alert="Open only when the severe weather emergency protocol (SWEP) is on.",
        eligibility="Anyone sleeping rough, including people with no recourse to public funds "
        "or no local connection.",
        scheme="{city} SWEP Beds",
    ),
    DemoService(
        "hostel",
        "shelter",
        "Station Road Hostel",
        "A hostel with staff day and night, single rooms and two rooms for couples. Dogs welcome.",
        ("emergency-accommodation",),
        "hostel",
        ((EVERY_DAY, *ALL_HOURS),),
        "Through the council's housing options team.",
        Access.REFERRAL,
        minimum_age=18,
        needs_local_connection=True,
        referral_route="Referrals only through housing options: send the referral form by "
        "secure email and ring the hostel manager to discuss.",
        internal_contact="Hostel manager",
        scheme="Station Road Hostel",
    ),
    DemoService(
        "foyer",
        "shelter",
        "Young People's Foyer",
        "Flats with support for young people aged 16 to 24: learning to run a home, college "
        "and work.",
        ("young-people", "settling-in"),
        "foyer",
        ((WEEKDAYS, "09:00", "17:00"),),
        "A worker from the council, outreach or a youth project refers you.",
        Access.REFERRAL,
        minimum_age=16,
        maximum_age=24,
        referral_route="Send the foyer referral form with a support plan by secure email.",
        public_contact="Foyer office",
        internal_contact="Foyer manager",
        scheme="Young People's Foyer",
    ),
    DemoService(
        "gp",
        "gp",
        "GP for people with no fixed address",
        "Register with a GP and see a doctor or nurse. You do not need ID, proof of address or "
        "immigration status to register.",
        ("gp-no-fixed-abode", "health"),
        "gp",
        ((WEEKDAYS, "08:30", "18:00"),),
        "Walk in to register. Ring at 8:30am for a same-day appointment.",
        Access.WALK_IN,
        accepts_no_recourse=True,
        bank_holidays=BankHolidays.CLOSED,
        public_contact="Reception",
        internal_contact="Practice manager",
        languages=("English", "Polish", "Urdu"),
        email=True,
    ),
    DemoService(
        "street-nurse",
        "gp",
        "Street nurse clinic",
        "A nurse at the day centre: wounds and leg ulcers, blood tests, vaccinations and help "
        "to see a doctor.",
        ("nurse", "health"),
        "day_centre",
        (("TU,TH", "10:00", "13:00"),),
        "Just turn up at the day centre.",
        Access.WALK_IN,
        accepts_no_recourse=True,
    ),
    DemoService(
        "dental",
        "dental",
        "Emergency dental sessions",
        "Same-day NHS dental care for pain, swelling or a broken tooth, for people who cannot "
        "see a high-street dentist.",
        ("dental", "health"),
        "dental",
        (("MO,WE,FR", "09:00", "12:00"),),
        "Ring at 8am for a same-day slot.",
        Access.APPOINTMENT,
        accepts_no_recourse=True,
        public_contact="Appointments line",
    ),
    DemoService(
        "street-mental-health",
        "mental_health",
        "Street mental health team",
        "Mental health nurses who work with the outreach team and see people where they are.",
        ("mental-health",),
        None,
        ((WEEKDAYS, "09:00", "17:00"),),
        "A worker refers you, or ask the outreach team.",
        Access.REFERRAL,
        accepts_no_recourse=True,
        referral_route="Refer through the trust's single point of access by secure email, "
        "marked 'street team'. Ring the team to discuss anyone at risk today.",
        internal_contact="Street team duty nurse",
    ),
    DemoService(
        "crisis-cafe",
        "mental_health",
        "Crisis café",
        "Somewhere calm to go in the evening if you are struggling, with people to talk to. "
        "No appointment needed.",
        ("mental-health",),
        "cafe",
        ((EVERY_DAY, "18:00", "00:00"),),
        "Just turn up, or ring first.",
        Access.WALK_IN,
        accepts_no_recourse=True,
        public_contact="Café",
    ),
    DemoService(
        "recovery-hub",
        "drugs",
        "Drug and alcohol recovery hub",
        "Help with drugs or alcohol: treatment, a prescription, detox, and groups to stay well.",
        ("drugs-alcohol", "health"),
        "hub",
        ((WEEKDAYS, "09:00", "17:00"), ("SA", "10:00", "13:00")),
        "Walk in for a first chat; no referral needed.",
        Access.WALK_IN,
        accepts_no_recourse=True,
        referral_route="Refer with the hub's referral form by secure email, or bring the "
        "person to a drop-in.",
        public_contact="Hub reception",
        internal_contact="Criminal justice and homelessness lead",
    ),
    DemoService(
        "needle-exchange",
        "drugs",
        "Needle exchange and naloxone",
        "Clean needles and equipment, safe disposal, and naloxone (the kit that reverses an "
        "opioid overdose), with training in how to use it.",
        ("drugs-alcohol",),
        "hub",
        (("MO,TU,WE,TH,FR,SA", "10:00", "16:00"),),
        "Just turn up. You do not have to give your name.",
        Access.WALK_IN,
        accepts_no_recourse=True,
    ),
    DemoService(
        "discharge-team",
        "hospital",
        "Hospital homeless discharge team",
        "Works with patients who have no home to go to when they leave hospital, so no one is "
        "discharged to the street.",
        ("housing-advice", "health"),
        "hospital",
        ((WEEKDAYS, "08:00", "16:00"),),
        "Ward staff refer patients.",
        Access.REFERRAL,
        accepts_no_recourse=True,
        referral_route="Ward staff: refer through Waypost (Referrals, then Hospital discharge) "
        "as soon as a patient with no home is admitted.",
        internal_contact="Discharge team coordinator",
    ),
    DemoService(
        "work-coach",
        "dwp",
        "JobCentre homelessness work coach",
        "A work coach who helps people who are homeless claim Universal Credit, get advance "
        "payments and look for work.",
        ("benefits-advice", "employment"),
        "jobcentre",
        ((WEEKDAYS, "09:00", "17:00"),),
        "Ring for an appointment, or ask your support worker to book one.",
        Access.APPOINTMENT,
        bank_holidays=BankHolidays.CLOSED,
        eligibility="You must be able to claim benefits (not someone with no recourse to "
        "public funds).",
        referral_route="Email the work coach team's shared mailbox with the person's consent.",
        internal_contact="Homelessness work coach team",
    ),
    DemoService(
        "day-centre",
        "charity",
        "Harnall Lane Day Centre",
        "A warm place to spend the day: breakfast and lunch, showers, laundry, phones to "
        "charge, and workers to help with housing, benefits and health.",
        ("day-centres", "food", "showers-laundry"),
        "day_centre",
        ((WEEKDAYS, "09:00", "15:00"),),
        "Just turn up.",
        Access.WALK_IN,
        accepts_no_recourse=True,
        bank_holidays=BankHolidays.SPECIAL,
        holiday_hours=("10:00", "14:00"),
        public_contact="Day centre",
        internal_contact="Day centre manager",
        languages=("English", "Polish", "Romanian"),
        email=True,
    ),
    DemoService(
        "id-post",
        "charity",
        "Post and ID service",
        "Use the day centre as your address for letters, and get help to replace a birth "
        "certificate, passport or provisional driving licence.",
        ("id-post",),
        "day_centre",
        (("MO,WE,FR", "10:00", "12:00"),),
        "Ask at the day centre.",
        Access.WALK_IN,
        accepts_no_recourse=True,
    ),
    DemoService(
        "womens-drop-in",
        "sisters",
        "Women's drop-in",
        "A women-only morning: lunch, clothes, toiletries, a nurse and a caseworker, in a "
        "space run by women.",
        ("womens-services", "day-centres"),
        "womens",
        (("WE", "10:00", "14:00"),),
        "Just turn up.",
        Access.WALK_IN,
        gender=GenderServed.WOMEN,
        accepts_no_recourse=True,
        public_contact="Drop-in",
    ),
    DemoService(
        "tenancy-ready",
        "housing_association",
        "Tenancy ready course",
        "A six-week course on running a home: budgeting, bills, getting on with neighbours "
        "and what your tenancy says.",
        ("settling-in", "training-education"),
        "learning",
        (("TU", "10:00", "15:00"),),
        "A support worker refers you.",
        Access.REFERRAL,
        needs_local_connection=True,
        referral_route="Email the tenancy sustainment team with the person's consent.",
        internal_contact="Tenancy sustainment officer",
    ),
    DemoService(
        "furniture",
        "housing_association",
        "Furniture starter packs",
        "A bed, a table and chairs, pots and pans and bedding for your first home, delivered free.",
        ("settling-in",),
        "furniture",
        ((WEEKDAYS, "09:00", "16:00"),),
        "Your support worker refers you once you have a date to move in.",
        Access.REFERRAL,
        referral_route="Send the starter pack form at least a week before the move.",
        internal_contact="Furniture store coordinator",
    ),
    DemoService(
        "community-kitchen",
        "faith",
        "Saturday community kitchen",
        "A hot two-course lunch and a chat, every Saturday, cooked by volunteers from the "
        "city's faith groups.",
        ("food",),
        "church_hall",
        (("SA", "12:00", "14:00"),),
        "Just turn up. Everyone is welcome.",
        Access.WALK_IN,
        accepts_no_recourse=True,
        languages=("English", "Punjabi"),
    ),
    DemoService(
        "probation-accommodation",
        "probation",
        "Accommodation help for people on probation",
        "Help to find somewhere to live on release or while on probation.",
        ("housing-advice",),
        None,
        ((WEEKDAYS, "09:00", "17:00"),),
        "Ask your probation practitioner.",
        Access.REFERRAL,
        referral_route="Probation practitioners refer through the Commissioned Rehabilitative "
        "Services accommodation referral.",
        internal_contact="Accommodation lead",
    ),
    DemoService(
        "benefits-debt",
        "advice",
        "Benefits and debt advice",
        "Free advice to claim the benefits you are owed, challenge a decision and deal with debts.",
        ("benefits-advice", "debt-advice", "advice"),
        "advice",
        (("MO,TU,TH", "09:30", "16:00"),),
        "Ring for an appointment. Drop in on Mondays.",
        Access.APPOINTMENT,
        public_contact="Advice line",
        languages=("English", "Punjabi", "Urdu", "Bengali"),
        email=True,
    ),
    DemoService(
        "immigration",
        "migrant",
        "Immigration and no recourse advice",
        "Free advice from regulated immigration advisers: your status, the EU Settlement "
        "Scheme, and what help you can get with no recourse to public funds.",
        ("immigration-advice", "advice"),
        "advice",
        (("WE", "10:00", "16:00"),),
        "Ring for an appointment. Interpreters can be booked.",
        Access.APPOINTMENT,
        accepts_no_recourse=True,
        public_contact="Appointments",
        internal_contact="Senior adviser",
        languages=("English", "Polish", "Romanian", "Arabic", "Tigrinya"),
    ),
    DemoService(
        "youth-advice",
        "youth",
        "Youth homelessness advice",
        "Advice and support for young people aged 16 to 25 who are homeless, sofa surfing or "
        "about to be asked to leave.",
        ("young-people", "housing-advice"),
        "foyer",
        ((WEEKDAYS, "10:00", "18:00"),),
        "Walk in or ring. Schools and colleges can refer.",
        Access.WALK_IN_OR_REFERRAL,
        minimum_age=16,
        maximum_age=25,
        referral_route="Schools, colleges and social workers: ring the duty worker, then send "
        "the referral form by secure email.",
        public_contact="Youth advice line",
        internal_contact="Youth duty worker",
    ),
    DemoService(
        "pathways",
        "pathways",
        "Pathways to work",
        "Courses in English, maths and computers, CSCS cards for building work, and a coach "
        "to help you find a job.",
        ("employment", "training-education"),
        "learning",
        (("MO,TU,WE,TH", "09:30", "15:30"),),
        "Walk in on a Monday, or ask your worker to refer you.",
        Access.WALK_IN_OR_REFERRAL,
        public_contact="Pathways office",
        email=True,
    ),
    DemoService(
        "shower-bus",
        "clean_start",
        "Shower and laundry bus",
        "Hot showers, clean towels and a wash and dry of your clothes while you wait.",
        ("showers-laundry",),
        "showers",
        (("SU", "09:00", "12:00"), ("WE", "18:00", "20:00")),
        "Just turn up. Toiletries and clean socks are free.",
        Access.WALK_IN,
        accepts_no_recourse=True,
        checked_days_ago=213,  # about seven months: the manage page flags it
    ),
    DemoService(
        "food-bank",
        "food_bank",
        "Food bank",
        "A food parcel with three days of food, and toiletries.",
        ("food",),
        "church_hall",
        (("TU,FR", "10:00", "13:00"),),
        "Bring a food bank voucher from any support worker, the council or your GP.",
        Access.REFERRAL,
        accepts_no_recourse=True,
        referral_route="Issue an e-voucher through the food bank's portal.",
    ),
    DemoService(
        "alternative-giving",
        "giving",
        "Alternative giving",
        "Give to the fund instead of giving cash on the street: every pound pays for things "
        "that help people leave the streets, like a deposit, ID or a travel ticket home. Tap "
        "to give at the contactless points in the city centre.",
        ("alternative-giving",),
        None,
        (),
        "Give online or at a contactless point.",
        Access.WALK_IN,
    ),
)

TOOLKIT: dict[str, tuple[str, ...]] = {
    Audience.SCHOOLS: (
        "youth-advice",
        "foyer",
        "housing-options",
        "crisis-cafe",
        "street-outreach",
        "womens-drop-in",
    ),
    Audience.HOSPITALS: (
        "discharge-team",
        "housing-options",
        "gp",
        "night-shelter",
        "recovery-hub",
        "street-mental-health",
        "street-nurse",
    ),
    Audience.GPS: (
        "gp",
        "street-nurse",
        "recovery-hub",
        "needle-exchange",
        "crisis-cafe",
        "housing-options",
        "dental",
    ),
    Audience.JOBCENTRES: (
        "work-coach",
        "benefits-debt",
        "pathways",
        "housing-options",
        "id-post",
        "day-centre",
    ),
}

# Who checked each agency's entries last: that agency's demo user; the coordinator otherwise.
CHECKERS = {
    AgencyType.HOUSING_OPTIONS: Role.COORDINATOR,
    AgencyType.CHARITY: Role.CASEWORKER,
    AgencyType.OUTREACH: Role.OUTREACH_WORKER,
    AgencyType.HOSPITAL: Role.REFERRER,
    AgencyType.ACCOMMODATION: Role.PROVIDER,
}
PHONE_PREFIX = {"coventry": "024 7696 0", "birmingham": "0121 496 0"}


def _time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _phone(slug: str, number: int) -> str:
    return f"{PHONE_PREFIX.get(slug, '024 7696 0')}{number:03d}"


# --- Seeding -----------------------------------------------------------------------------------
@transaction.atomic
def seed_directory_demo(
    partnership: Partnership, agencies: dict[str, Agency], users: dict[str, User]
) -> None:
    """The demo directory for `partnership` (Coventry or Birmingham; any other is left as it
    is). Safe to run again: what exists already is kept."""
    places_data = PLACES.get(partnership.slug)
    if places_data is None:
        return
    city = partnership.name
    areas = _areas(partnership)
    organizations = {
        key: _organization(partnership, city, demo, agencies) for key, demo in ORGANIZATIONS.items()
    }
    places = {
        key: _place(partnership, organizations[PLACE_OWNERS[key]], demo, areas)
        for key, demo in places_data.items()
    }
    services = {}
    for number, demo in enumerate(SERVICES, start=1):
        services[demo.key] = _service(partnership, city, number, demo, organizations, places, users)
    _toolkit(partnership, services)


def _areas(partnership: Partnership) -> dict[str, Area]:
    found = {}
    for name, latitude, longitude in AREAS[partnership.slug]:
        found[name], _ = Area.objects.get_or_create(
            partnership=partnership,
            name=name,
            defaults={"latitude": Decimal(latitude), "longitude": Decimal(longitude)},
        )
    return found


def _organization(
    partnership: Partnership, city: str, demo: DemoOrganization, agencies: dict[str, Agency]
) -> Organization:
    name = demo.name.format(city=city)
    found = Organization.objects.filter(partnership=partnership, name=name).first()
    if found is not None:
        return found
    agency = agencies.get(demo.agency_type) if demo.agency_type else None
    if agency is not None and Organization.objects.filter(agency=agency).exists():
        agency = None  # the agency keeps another organisation already
    return Organization.objects.create(
        partnership=partnership,
        name=name,
        description=demo.description,
        agency=agency,
        website=demo.website,
    )


def _place(
    partnership: Partnership, owner: Organization, demo: DemoPlace, areas: dict[str, Area]
) -> Location:
    found = Location.objects.filter(partnership=partnership, name=demo.name).first()
    if found is not None:
        return found
    location = Location.objects.create(
        partnership=partnership,
        organization=owner,
        name=demo.name,
        area=areas.get(demo.area),
        transportation=demo.transportation,
        latitude=demo.latitude,
        longitude=demo.longitude,
    )
    Address.objects.create(
        location=location,
        address_1=demo.address_1,
        city=partnership.name,
        postal_code=demo.postcode,
    )
    Accessibility.objects.create(location=location, description=demo.accessibility)
    return location


def _service(
    partnership: Partnership,
    city: str,
    number: int,
    demo: DemoService,
    organizations: dict[str, Organization],
    places: dict[str, Location],
    users: dict[str, User],
) -> Service:
    organization = organizations[demo.organization]
    name = demo.name.format(city=city)
    found = Service.objects.filter(
        partnership=partnership, organization=organization, name=name
    ).first()
    if found is not None:
        return found
    slug = partnership.slug
    contacts = []
    if demo.public_contact:
        contacts.append(
            ContactDetails(title=demo.public_contact, phone=_phone(slug, number), internal=False)
        )
    if demo.internal_contact:
        contacts.append(
            ContactDetails(
                title=demo.internal_contact,
                phone=_phone(slug, 500 + number),
                email=f"{demo.key}.team@{slug}.directory.example",
                internal=True,
            )
        )
    details = ServiceDetails(
        name=name,
        description=demo.description,
        application_process=demo.how_to_get_in,
        alert=demo.alert,
        email=f"{demo.key}@{slug}.directory.example" if demo.email else "",
        phone=_phone(slug, number) if demo.public_contact else "",
        referral_route=demo.referral_route,
        gender=demo.gender,
        minimum_age=demo.minimum_age,
        maximum_age=demo.maximum_age,
        accepts_no_recourse=demo.accepts_no_recourse,
        needs_local_connection=demo.needs_local_connection,
        access=demo.access,
        eligibility_description=demo.eligibility,
        categories=demo.categories,
        languages=demo.languages,
    )
    days: dict[int, tuple[time, time]] = {}
    for day_codes, opens, closes in demo.hours:
        for code in day_codes.split(","):
            days[DAYS.index(code)] = (_time(opens), _time(closes))
    holiday = tuple(map(_time, demo.holiday_hours)) if demo.holiday_hours else None
    service = add_service(
        organization,
        details=details,
        hours=WeeklyHours(
            days=days,
            bank_holidays=demo.bank_holidays,
            holiday_hours=holiday,  # type: ignore[arg-type]
        ),
        location_ids=[places[demo.place].pk] if demo.place else [],
        contacts=contacts,
        by=None,
    )
    if demo.key == "street-outreach":
        # Early mornings and evenings, every day: two sessions a day.
        for opens, closes in (("06:00", "10:00"), ("19:00", "23:00")):
            Schedule.objects.create(
                service=service,
                freq="WEEKLY",
                byday=EVERY_DAY,
                opens_at=_time(opens),
                closes_at=_time(closes),
            )
    checker = _checker(organization, users)
    checked_at = timezone.now() - timedelta(days=demo.checked_days_ago or (number * 5) % 60)
    scheme = _scheme(partnership, demo.scheme.format(city=city)) if demo.scheme else None
    Service.objects.filter(pk=service.pk).update(
        last_checked_at=checked_at,
        last_checked_by=checker,
        housing_scheme=scheme,
    )
    service.refresh_from_db()
    return service


def _checker(organization: Organization, users: dict[str, User]) -> User | None:
    agency_type = organization.agency.type if organization.agency else None
    role = CHECKERS.get(agency_type, Role.COORDINATOR) if agency_type else Role.COORDINATOR
    return users.get(role) or users.get(Role.COORDINATOR)


def _scheme(partnership: Partnership, name: str) -> Scheme | None:
    """The housing demo's scheme of this name, if there is one no entry describes yet."""
    return Scheme.objects.filter(
        partnership=partnership, name=name, directory_service__isnull=True
    ).first()


def _toolkit(partnership: Partnership, services: dict[str, Service]) -> None:
    for audience, keys in TOOLKIT.items():
        for position, key in enumerate(keys):
            ToolkitChoice.objects.get_or_create(
                partnership=partnership,
                audience=audience,
                service=services[key],
                defaults={"position": position},
            )
