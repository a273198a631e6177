"""An HMIS CSV export (the US Department of Housing and Urban Development's HMIS CSV format,
FY2024 column headers) of a partnership's by-name list, for partners who use US-style tools.

What goes in, for the signed-in user only:

- **Client.csv**: everyone on the partnership's by-name list the user may know exists
  (waypost.outreach.list_access, so restricted, merged and anonymised records never); people
  housed, gone or dead only where the user may see their list status. Name,
  date of birth and gender only where the user may see the identity section; otherwise blank,
  with NameDataQuality, DOBDataQuality and GenderNone 99 ("data not collected").
- **Enrollment.csv / Exit.csv**: one street outreach enrollment per person whose list status
  the user may see (entry: when they were put on the list); an exit when their status is
  housed, left the area or died (exit date: when the status began).
- **CurrentLivingSituation.csv**: each bedded-down street contact the user may see (the contact
  section of the agency that recorded it), as 116, "place not meant for habitation".
- **Organization.csv, Project.csv, Inventory.csv**: the partnership's agencies and
  accommodation providers; a street outreach project, and a project per accommodation scheme
  with its beds (units) as inventory.
- **Services.csv**: the headers only: HUD's service record types are US federal programmes
  (PATH, RHY, SSVF, HOPWA…) with no Waypost equivalent.

IDs are Waypost's UUIDs as 32 hex digits (HMIS ids are strings of at most 32 characters).
Dates are YYYY-MM-DD and date-times YYYY-MM-DD HH:MM:SS, UK time.
"""

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count
from django.utils import timezone

from waypost.accounts.models import Agency, Membership, Partnership, User
from waypost.audit.models import Section
from waypost.housing.models import AccommodationKind, Provider, Scheme
from waypost.lib.csv_safety import safe_row
from waypost.outreach.list_access import (
    ListQuery,
    list_entries,
    list_rows,
    no_contact_days,
    record_rows_shown,
)
from waypost.outreach.models import CLOSED_STATUSES, ByNameEntry, ListStatus, StreetContact
from waypost.people.models import Gender, Person
from waypost.sharing.policy import section_visible_q

META = ["DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID"]
HEADERS: dict[str, list[str]] = {
    "Export": [
        "ExportID", "SourceType", "SourceID", "SourceName", "SourceContactFirst",
        "SourceContactLast", "SourceContactPhone", "SourceContactExtension",
        "SourceContactEmail", "ExportDate", "ExportStartDate", "ExportEndDate", "SoftwareName",
        "SoftwareVersion", "CSVVersion", "ExportPeriodType", "ExportDirective", "HashStatus",
        "ImplementationID",
    ],
    "Organization": [
        "OrganizationID", "OrganizationName", "VictimServiceProvider",
        "OrganizationCommonName", *META,
    ],
    "Project": [
        "ProjectID", "OrganizationID", "ProjectName", "ProjectCommonName",
        "OperatingStartDate", "OperatingEndDate", "ContinuumProject", "ProjectType",
        "HousingType", "RRHSubType", "ResidentialAffiliation", "TargetPopulation",
        "HOPWAMedAssistedLivingFac", "PITCount", *META,
    ],
    "Client": [
        "PersonalID", "FirstName", "MiddleName", "LastName", "NameSuffix", "NameDataQuality",
        "SSN", "SSNDataQuality", "DOB", "DOBDataQuality", "AmIndAKNative", "Asian",
        "BlackAfAmerican", "HispanicLatinaeo", "MidEastNAfrican", "NativeHIPacific", "White",
        "RaceNone", "AdditionalRaceEthnicity", "Woman", "Man", "NonBinary",
        "CulturallySpecific", "Transgender", "Questioning", "DifferentIdentity", "GenderNone",
        "DifferentIdentityText", "VeteranStatus", "YearEnteredService", "YearSeparated",
        "WorldWarII", "KoreanWar", "VietnamWar", "DesertStorm", "AfghanistanOEF", "IraqOIF",
        "IraqOND", "OtherTheater", "MilitaryBranch", "DischargeStatus", *META,
    ],
    "Enrollment": [
        "EnrollmentID", "PersonalID", "ProjectID", "EntryDate", "HouseholdID",
        "RelationshipToHoH", "EnrollmentCoC", "LivingSituation", "RentalSubsidyType",
        "LengthOfStay", "LOSUnderThreshold", "PreviousStreetESSH", "DateToStreetESSH",
        "TimesHomelessPastThreeYears", "MonthsHomelessPastThreeYears", "DisablingCondition",
        "DateOfEngagement", "MoveInDate", "DateOfPATHStatus", "ClientEnrolledInPATH",
        "ReasonNotEnrolled", "PercentAMI", "ReferralSource", "CountOutreachReferralApproaches",
        "DateOfBCPStatus", "EligibleForRHY", "ReasonNoServices", "RunawayYouth",
        "SexualOrientation", "SexualOrientationOther", "FormerWardChildWelfare",
        "ChildWelfareYears", "ChildWelfareMonths", "FormerWardJuvenileJustice",
        "JuvenileJusticeYears", "JuvenileJusticeMonths", "UnemploymentFam",
        "MentalHealthDisorderFam", "PhysicalDisabilityFam", "AlcoholDrugUseDisorderFam",
        "InsufficientIncome", "IncarceratedParent", "TargetScreenReqd", "TimeToHousingLoss",
        "AnnualPercentAMI", "LiteralHomelessHistory", "ClientLeaseholder", "HOHLeaseholder",
        "SubsidyAtRisk", "EvictionHistory", "CriminalRecord", "IncarceratedAdult",
        "PrisonDischarge", "SexOffender", "DisabledHoH", "CurrentPregnant", "SingleParent",
        "DependentUnder6", "HH5Plus", "CoCPrioritized", "HPScreeningScore", "ThresholdScore",
        "VAMCStation", "TranslationNeeded", "PreferredLanguage", "PreferredLanguageDifferent",
        *META,
    ],
    "Exit": [
        "ExitID", "EnrollmentID", "PersonalID", "ExitDate", "Destination",
        "DestinationSubsidyType", "OtherDestination", "HousingAssessment", "SubsidyInformation",
        "ProjectCompletionStatus", "EarlyExitReason", "ExchangeForSex",
        "ExchangeForSexPastThreeMonths", "CountOfExchangeForSex",
        "AskedOrForcedToExchangeForSex", "AskedOrForcedToExchangeForSexPastThreeMonths",
        "WorkPlaceViolenceThreats", "WorkplacePromiseDifference", "CoercedToContinueWork",
        "LaborExploitPastThreeMonths", "CounselingReceived", "IndividualCounseling",
        "FamilyCounseling", "GroupCounseling", "SessionCountAtExit", "PostExitCounselingPlan",
        "SessionsInPlan", "DestinationSafeClient", "DestinationSafeWorker",
        "PosAdultConnections", "PosPeerConnections", "PosCommunityConnections", "AftercareDate",
        "AftercareProvided", "EmailSocialMedia", "Telephone", "InPersonIndividual",
        "InPersonGroup", "CMExitReason", *META,
    ],
    "CurrentLivingSituation": [
        "CurrentLivingSitID", "EnrollmentID", "PersonalID", "InformationDate",
        "CurrentLivingSituation", "CLSSubsidyType", "VerifiedBy", "LeaveSituation14Days",
        "SubsequentResidence", "ResourcesToObtain", "LeaseOwn60Day", "MovedTwoOrMore",
        "LocationDetails", *META,
    ],
    "Services": [
        "ServicesID", "EnrollmentID", "PersonalID", "DateProvided", "RecordType",
        "TypeProvided", "OtherTypeProvided", "MovingOnOtherType", "SubTypeProvided", "FAAmount",
        "FAStartDate", "FAEndDate", "ReferralOutcome", *META,
    ],
    "Inventory": [
        "InventoryID", "ProjectID", "CoCCode", "HouseholdType", "Availability", "UnitInventory",
        "BedInventory", "CHVetBedInventory", "YouthVetBedInventory", "VetBedInventory",
        "CHYouthBedInventory", "YouthBedInventory", "CHBedInventory", "OtherBedInventory",
        "ESBedType", "InventoryStartDate", "InventoryEndDate", *META,
    ],
}  # fmt: skip
FILES = list(HEADERS)

NOT_COLLECTED = 99
STREET_OUTREACH = 4
PLACE_NOT_MEANT_FOR_HABITATION = 116
# FY2024 project types for Waypost's accommodation kinds.
PROJECT_TYPES = {
    AccommodationKind.EMERGENCY: 1,
    AccommodationKind.NIGHT_SHELTER: 1,
    AccommodationKind.SWEP: 1,
    AccommodationKind.HOSTEL: 1,
    AccommodationKind.TEMPORARY: 1,
    AccommodationKind.SUPPORTED: 2,
    AccommodationKind.HOUSING_FIRST: 3,
    AccommodationKind.PRIVATE_TENANCY: 9,
    AccommodationKind.SOCIAL_TENANCY: 9,
}
# FY2024 destinations for the list's closed statuses.
DESTINATIONS = {ListStatus.HOUSED: 410, ListStatus.DECEASED: 24, ListStatus.LEFT_AREA: 17}


def hmis_id(pk: Any) -> str:
    return str(pk).replace("-", "")


def hmis_date(day: date | None) -> str:
    return day.isoformat() if day else ""


def hmis_datetime(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M:%S}" if moment else ""


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


@dataclass
class HmisExport:
    """The rows of each file, and the people whose rows went in (for the access log)."""

    files: dict[str, list[dict[str, Any]]]
    rows_shown: list[Any]


def _row(file: str, export_id: str, now: datetime, **values: Any) -> dict[str, Any]:
    row = dict.fromkeys(HEADERS[file], "")
    for key, value in values.items():
        assert key in row, f"{key} is not an HMIS {file}.csv column"
        row[key] = value
    row["ExportID"] = export_id
    if "DateCreated" in row:
        row["DateCreated"] = row["DateCreated"] or hmis_datetime(now)
        row["DateUpdated"] = row["DateUpdated"] or hmis_datetime(now)
    return row


def _client(person: Person, shows_identity: bool, export_id: str, now: datetime) -> dict:
    values: dict[str, Any] = {
        "PersonalID": hmis_id(person.pk),
        "SSNDataQuality": NOT_COLLECTED,
        "RaceNone": NOT_COLLECTED,
        "VeteranStatus": NOT_COLLECTED,
    }
    if shows_identity:
        values |= {
            "FirstName": person.given_name,
            "LastName": person.family_name,
            "NameDataQuality": 1 if person.given_name and person.family_name else 2,
            "DOB": hmis_date(person.birth_date),
            "DOBDataQuality": (1 if person.birth_date_precision == "exact" else 2)
            if person.birth_date
            else NOT_COLLECTED,
            "DateCreated": hmis_datetime(person.created_at),
            "DateUpdated": hmis_datetime(person.updated_at),
        }
        gender = {Gender.WOMAN: "Woman", Gender.MAN: "Man", Gender.NON_BINARY: "NonBinary",
                  Gender.SELF_DESCRIBED: "DifferentIdentity"}.get(person.gender)  # fmt: skip
        for column in ("Woman", "Man", "NonBinary", "CulturallySpecific", "Transgender",
                       "Questioning", "DifferentIdentity"):  # fmt: skip
            values[column] = 1 if column == gender else 0
        if gender is None:
            values["GenderNone"] = 8 if person.gender == Gender.NOT_SAID else NOT_COLLECTED
    else:
        values |= {"NameDataQuality": NOT_COLLECTED, "DOBDataQuality": NOT_COLLECTED,
                   "GenderNone": NOT_COLLECTED}  # fmt: skip
    return _row("Client", export_id, now, **values)


def build_export(
    user: User, memberships: Sequence[Membership], partnership: Partnership
) -> HmisExport:
    now = timezone.now()
    export_id = hmis_id(partnership.pk)[:8] + f"{now:%Y%m%d%H%M%S}"
    days = no_contact_days(partnership)
    # Everyone currently on the list whom the user may know exists; people whose status is
    # closed (housed, left, died) only where the user may see that status.
    entries = [
        *list_entries(user, memberships, ListQuery(partnership=partnership), days=days, now=now),
        *list_entries(
            user,
            memberships,
            ListQuery(partnership=partnership, statuses=sorted(CLOSED_STATUSES)),
            days=days,
            now=now,
        ),
    ]
    rows = list_rows(entries, days=days, memberships=memberships, now=now)
    files: dict[str, list[dict[str, Any]]] = {name: [] for name in FILES}
    files["Export"].append(
        _row("Export", export_id, now, ExportID=export_id, SourceType=3,
             SourceName=f"Waypost: {partnership.name}", ExportDate=hmis_datetime(now),
             ExportStartDate=hmis_date(min((_local_date(e.added_at) for e in entries),
                                           default=_local_date(now))),
             ExportEndDate=hmis_date(_local_date(now)), SoftwareName="Waypost",
             CSVVersion="2024 v1.0", ExportPeriodType=4, ExportDirective=2, HashStatus=1)
    )  # fmt: skip
    agencies = list(Agency.objects.filter(partnership=partnership).order_by("name"))
    providers = list(Provider.objects.filter(schemes__partnership=partnership).distinct())
    for org in [*agencies, *providers]:
        files["Organization"].append(
            _row("Organization", export_id, now, OrganizationID=hmis_id(org.pk),
                 OrganizationName=org.name, VictimServiceProvider=0)
        )  # fmt: skip
    outreach_project = hmis_id(partnership.pk)
    lead_org = next(
        (a for a in agencies if a.type == "outreach"), agencies[0] if agencies else None
    )
    files["Project"].append(
        _row("Project", export_id, now, ProjectID=outreach_project,
             OrganizationID=hmis_id(lead_org.pk) if lead_org else "",
             ProjectName=f"{partnership.name} street outreach", ContinuumProject=1,
             ProjectType=STREET_OUTREACH, TargetPopulation=4,
             OperatingStartDate=hmis_date(_local_date(partnership.created_at))
             if getattr(partnership, "created_at", None) else "")
    )  # fmt: skip
    schemes = (
        Scheme.objects.filter(partnership=partnership)
        .annotate(beds=Count("units"))
        .order_by("name")
    )
    for scheme in schemes:
        files["Project"].append(
            _row("Project", export_id, now, ProjectID=hmis_id(scheme.pk),
                 OrganizationID=hmis_id(scheme.provider_id), ProjectName=scheme.name,
                 ContinuumProject=1, ProjectType=PROJECT_TYPES.get(scheme.kind, 7),
                 HousingType=1, TargetPopulation=4,
                 OperatingStartDate=hmis_date(_local_date(scheme.created_at)))
        )  # fmt: skip
        files["Inventory"].append(
            _row("Inventory", export_id, now, InventoryID=hmis_id(scheme.pk),
                 ProjectID=hmis_id(scheme.pk), HouseholdType=1, Availability=1,
                 UnitInventory=scheme.beds, BedInventory=scheme.beds,
                 OtherBedInventory=scheme.beds,
                 ESBedType=1 if PROJECT_TYPES.get(scheme.kind) == 1 else "",
                 InventoryStartDate=hmis_date(_local_date(scheme.created_at)))
        )  # fmt: skip
    enrolled: dict[Any, str] = {}
    for row in rows:
        person = row.person
        files["Client"].append(_client(person, row.shows_name, export_id, now))
        if not row.shows_status:
            continue
        entry: ByNameEntry = row.entry
        enrollment = hmis_id(entry.pk)
        enrolled[person.pk] = enrollment
        files["Enrollment"].append(
            _row("Enrollment", export_id, now, EnrollmentID=enrollment,
                 PersonalID=hmis_id(person.pk), ProjectID=outreach_project,
                 EntryDate=hmis_date(_local_date(entry.added_at)), HouseholdID=enrollment,
                 RelationshipToHoH=1, LivingSituation=PLACE_NOT_MEANT_FOR_HABITATION
                 if entry.status == ListStatus.ROUGH_SLEEPING else NOT_COLLECTED,
                 DisablingCondition=NOT_COLLECTED)
        )  # fmt: skip
        if entry.status in DESTINATIONS:
            files["Exit"].append(
                _row("Exit", export_id, now, ExitID=enrollment, EnrollmentID=enrollment,
                     PersonalID=hmis_id(person.pk),
                     ExitDate=hmis_date(_local_date(entry.status_since)),
                     Destination=DESTINATIONS[entry.status])
            )  # fmt: skip
    if enrolled:
        contact_q = section_visible_q(
            user,
            [m for m in memberships if m.agency.partnership_id == partnership.pk],
            Section.CONTACT,
        )
        contacts = (
            StreetContact.objects.filter(
                contact_q,
                partnership=partnership,
                bedded_down=True,
                person_id__in=list(enrolled),
            )
            .order_by("contacted_at", "id")
            .values_list("id", "person_id", "contacted_at", "recorded_at")
        )
        for contact_id, person_id, contacted_at, recorded_at in contacts:
            files["CurrentLivingSituation"].append(
                _row("CurrentLivingSituation", export_id, now,
                     CurrentLivingSitID=hmis_id(contact_id), EnrollmentID=enrolled[person_id],
                     PersonalID=hmis_id(person_id),
                     InformationDate=hmis_date(_local_date(contacted_at)),
                     CurrentLivingSituation=PLACE_NOT_MEANT_FOR_HABITATION,
                     DateCreated=hmis_datetime(recorded_at))
            )  # fmt: skip
    return HmisExport(files=files, rows_shown=rows)


def export_zip(export: HmisExport) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in FILES:
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow(HEADERS[name])
            for row in export.files[name]:
                writer.writerow(safe_row([row[column] for column in HEADERS[name]]))
            archive.writestr(f"{name}.csv", text.getvalue())
    return buffer.getvalue()


def record_export(
    user: User, export: HmisExport, memberships: Sequence[Membership], *, route: str
) -> None:
    from waypost.audit.models import Channel

    record_rows_shown(
        user, export.rows_shown, channel=Channel.EXPORT, route=route, memberships=memberships
    )
