"""Enrolling trainees: one row of fields in, one enrolment out, with the same rules everywhere.

The page form, the bulk sheet import and the API all pass a row of text fields through
``parse_row``; every problem is reported against its column with the value and what was
expected (a ``lib.problems.Problem``), and nothing is written unless the whole row is valid.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_variables

from lib.problems import Problem
from participants.models import Country
from talent.identity import PersonalData, record_person
from talent.models import Enrolment, EnrolmentStatus, Programme, Sex

if TYPE_CHECKING:
    from django.utils.functional import Promise

MIN_AGE, MAX_AGE = 12, 100

# Column name → (label, required). The order is the sheet template's order. The names are the
# sheet's machine keys (the same in every language); the labels are shown in the reader's.
COLUMNS: dict[str, tuple[str | Promise, bool]] = {
    "name": (gettext_lazy("Full name"), True),
    "email": (gettext_lazy("Email"), False),
    "phone": (gettext_lazy("Phone"), False),
    "id_number": (gettext_lazy("National ID or passport number"), False),
    "id_country": (gettext_lazy("ID issuing country"), False),
    "sex": (gettext_lazy("Sex (female, male, other, undisclosed)"), True),
    "birth_year": (gettext_lazy("Birth year"), True),
    "country": (gettext_lazy("Country (ISO code or name)"), True),
    "affiliation": (gettext_lazy("Organisation (employer or school)"), False),
    "enrolled_on": (gettext_lazy("Enrolled on (YYYY-MM-DD)"), True),
    "status": (gettext_lazy("Status (enrolled, attended, completed, dropped)"), True),
    "completed_on": (gettext_lazy("Completed on (YYYY-MM-DD)"), False),
    "consent_given": (gettext_lazy("Consent given (yes/no)"), True),
    "consent_on": (gettext_lazy("Consent date (YYYY-MM-DD)"), True),
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ID_NUMBER = re.compile(r"^[A-Za-z0-9]{4,20}$")
_SEX_ALIASES = {"f": Sex.FEMALE, "m": Sex.MALE, "x": Sex.OTHER, "u": Sex.UNDISCLOSED}
_YES, _NO = {"yes", "y", "true", "1", "oui", "sim"}, {"no", "n", "false", "0", "non", "não"}


@dataclass(frozen=True)
class EnrolmentInput:
    personal: PersonalData
    sex: str
    birth_year: int
    country: Country
    affiliation: str
    enrolled_on: dt.date
    status: str
    completed_on: dt.date | None
    consent_given: bool
    consent_on: dt.date

    def __repr__(self) -> str:
        return f"EnrolmentInput(<hidden>, enrolled_on={self.enrolled_on}, status={self.status})"


@cache
def _country_lookup() -> dict[str, str]:
    table = {}
    for code, alpha3, name in Country.objects.values_list("code", "alpha3", "name"):
        table[code.lower()] = table[alpha3.lower()] = table[name.lower()] = code
    return table


def country_code(value: str) -> str | None:
    return _country_lookup().get(value.strip().lower())


def _one_of(values) -> str:
    # The codes themselves (female, completed…) are what the sheet takes in every language.
    return _("expected one of %(values)s") % {"values": ", ".join(values)}


def _date(value, column: str, errors: list[Problem]) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors.append(Problem(_("expected a date as YYYY-MM-DD"), column, text))
        return None


@sensitive_variables("row", "personal")
def parse_row(
    row: dict, today: dt.date | None = None
) -> tuple[EnrolmentInput | None, list[Problem]]:
    """Validate one row of text (or date) cells; return the input or every error found."""
    today = today or dt.date.today()
    errors: list[Problem] = []

    def text(column: str) -> str:
        value = row.get(column)
        return "" if value is None else str(value).strip()

    for column, (_label, required) in COLUMNS.items():
        if required and text(column) == "":
            errors.append(Problem(_("is required"), column))
    email = text("email")
    if email and not _EMAIL.match(email):
        errors.append(Problem(_("expected an email address like name@example.org"), "email", email))
    id_number, id_country = text("id_number"), text("id_country")
    if id_number and not country_code(id_country):
        errors.append(
            Problem(
                _("expected the ISO code or name of the issuing country"), "id_country", id_country
            )
        )
    if id_number and not _ID_NUMBER.match(re.sub(r"[\s\-./]", "", id_number)):
        errors.append(
            Problem(
                _("expected 4 to 20 letters and digits (spaces, dashes, dots and slashes allowed)"),
                "id_number",
                id_number,
            )
        )
    # A record with neither e-mail nor ID number is kept: it counts as its own person and is
    # listed for the reviewer (talent.identity.sparse_records), since nothing exact can link it.
    sex = _SEX_ALIASES.get(text("sex").lower(), text("sex").lower())
    if text("sex") and sex not in Sex.values:
        errors.append(Problem(_one_of(Sex.values), "sex", text("sex")))
    country = country_code(text("country")) if text("country") else None
    if text("country") and not country:
        errors.append(
            Problem(_("unknown country; expected an ISO code or name"), "country", text("country"))
        )
    enrolled_on = (
        _date(row.get("enrolled_on"), "enrolled_on", errors) if text("enrolled_on") else None
    )
    birth_year = None
    if text("birth_year"):
        try:
            birth_year = int(float(text("birth_year")))
        except ValueError:
            errors.append(Problem(_("expected a year like 1998"), "birth_year", text("birth_year")))
    if birth_year is not None and enrolled_on:
        age = enrolled_on.year - birth_year
        if not MIN_AGE <= age <= MAX_AGE:
            errors.append(
                Problem(
                    _(
                        "makes the trainee %(age)s years old on %(date)s; expected an age "
                        "between %(minimum)s and %(maximum)s"
                    )
                    % {"age": age, "date": enrolled_on, "minimum": MIN_AGE, "maximum": MAX_AGE},
                    "birth_year",
                    str(birth_year),
                )
            )
    if enrolled_on and enrolled_on > today:
        errors.append(Problem(_("cannot be in the future"), "enrolled_on", str(enrolled_on)))
    status = text("status").lower()
    if status and status not in EnrolmentStatus.values:
        errors.append(Problem(_one_of(EnrolmentStatus.values), "status", text("status")))
    completed_on = (
        _date(row.get("completed_on"), "completed_on", errors) if text("completed_on") else None
    )
    if status == EnrolmentStatus.COMPLETED and not text("completed_on"):
        errors.append(Problem(_("is required when the status is completed"), "completed_on"))
    if completed_on and enrolled_on and completed_on < enrolled_on:
        errors.append(
            Problem(_("cannot be before the enrolment"), "completed_on", str(completed_on))
        )
    if completed_on and completed_on > today:
        errors.append(Problem(_("cannot be in the future"), "completed_on", str(completed_on)))
    consent = text("consent_given").lower()
    if consent and consent not in _YES | _NO:
        errors.append(Problem(_("expected yes or no"), "consent_given", text("consent_given")))
    elif consent in _NO:
        errors.append(
            Problem(
                _("the trainee's consent is needed to record them"),
                "consent_given",
                text("consent_given"),
            )
        )
    consent_on = _date(row.get("consent_on"), "consent_on", errors) if text("consent_on") else None
    if errors:
        return None, errors
    # Each of these is a required column, checked above: none is missing past this point.
    assert birth_year is not None and country and enrolled_on and consent_on
    personal = PersonalData(
        name=text("name"),
        email=email,
        phone=text("phone"),
        id_number=id_number,
        id_country=(country_code(id_country) or "") if id_number else "",
    )
    return (
        EnrolmentInput(
            personal=personal,
            sex=sex,
            birth_year=birth_year,
            country=Country(code=country),
            affiliation=text("affiliation"),
            enrolled_on=enrolled_on,
            status=status,
            completed_on=completed_on,
            consent_given=True,
            consent_on=consent_on,
        ),
        [],
    )


class AlreadyEnrolled(Exception):
    pass


@sensitive_variables("data")
def enrol(programme: Programme, provider, data: EnrolmentInput, actor=None) -> Enrolment:
    """Record the trainee for ``provider`` (or reuse its record) and enrol them, atomically."""
    with transaction.atomic():
        person = record_person(
            data.personal,
            recorded_by=provider,
            sex=data.sex,
            birth_year=data.birth_year,
            country=data.country,
            affiliation=data.affiliation,
            actor=actor,
        )
        # The same person (any of their linked records) enrolled by this provider already.
        if Enrolment.objects.filter(
            talent_id=person.talent_id, programme=programme, provider=provider
        ).exists():
            raise AlreadyEnrolled(_("This trainee is already enrolled in this programme."))
        try:
            with transaction.atomic():
                return Enrolment.objects.create(
                    person=person,
                    talent_id=person.talent_id,
                    programme=programme,
                    provider=provider,
                    enrolled_on=data.enrolled_on,
                    status=data.status,
                    completed_on=data.completed_on,
                    consent_given=data.consent_given,
                    consent_on=data.consent_on,
                    age_at_enrolment=data.enrolled_on.year - person.birth_year,
                    created_by=actor,
                )
        except IntegrityError:
            raise AlreadyEnrolled(
                _("This trainee is already enrolled in this programme.")
            ) from None


def normal_key(data: EnrolmentInput) -> list[tuple[str, str]]:
    """The identifiers that make two rows of one sheet the same trainee."""
    from talent.identity import normal_email, normal_id

    keys = []
    if data.personal.email:
        keys.append(("email", normal_email(data.personal.email)))
    if data.personal.id_number:
        keys.append(("id_number", normal_id(data.personal.id_number, data.personal.id_country)))
    return keys
