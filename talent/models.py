"""The talent registry: training programmes, the persons they train, enrolments, certificates.

A ``Person`` row is one provider organisation's record of a trainee. Personal fields (name,
email, phone, ID number and its issuing country) are held only sealed in ``personal``; the rest
(sex, birth year, country, affiliation) is pseudonymous and drives the counts. When two providers
record the same human being, the later record points at the first through ``merged_into``;
``Enrolment.talent`` carries the resulting canonical person so that counting distinct talents is
one ``COUNT(DISTINCT talent_id)`` over an index.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib import formatting
from plans.models import PROGRAMME_CATEGORIES


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class Programme(models.Model):
    """A training programme: an activity of a training kind, with what the registry needs."""

    activity = models.OneToOneField(
        "activities.Activity", on_delete=models.CASCADE, related_name="programme"
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    hours = models.PositiveIntegerField(_("hours of training"), null=True, blank=True)
    providers = models.ManyToManyField(
        "participants.Organisation", related_name="programmes_provided"
    )
    host_countries = models.ManyToManyField(
        "participants.Country", blank=True, related_name="programmes_hosted"
    )
    skills = models.JSONField(default=list, blank=True, help_text=_("Skills covered, as text"))

    class Meta:
        ordering = ["activity__iati_identifier"]

    def __str__(self) -> str:
        return self.activity.title_text()

    def clean(self) -> None:
        kind = self.activity.kind if self.activity_id else None
        if kind is None or kind.category not in PROGRAMME_CATEGORIES:
            raise ValidationError(
                {
                    "activity": _(
                        "A programme is an activity of a training or security-training kind."
                    )
                }
            )
        if not isinstance(self.skills, list) or not all(isinstance(s, str) for s in self.skills):
            raise ValidationError({"skills": _("Skills are a list of texts.")})


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Not disclosed")


class Person(models.Model):
    """One provider's record of a trainee; never printed with personal fields (see __str__)."""

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recorded_by = models.ForeignKey(
        "participants.Organisation", on_delete=models.PROTECT, related_name="trainee_records"
    )
    sex = models.CharField(max_length=12, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField()
    country = models.ForeignKey(
        "participants.Country", on_delete=models.PROTECT, related_name="+", null=True
    )
    affiliation = models.CharField(max_length=200, blank=True)
    personal = models.BinaryField(null=True, editable=False)
    key_id = models.CharField(max_length=8, blank=True, db_index=True, editable=False)
    email_index = models.BinaryField(max_length=16, null=True, editable=False, db_index=True)
    id_index = models.BinaryField(max_length=16, null=True, editable=False, db_index=True)
    name_index = models.BinaryField(max_length=16, null=True, editable=False, db_index=True)
    # Bloom-filter encoding of name, e-mail and ID under a keyed hash (talent.similarity).
    clk = models.BinaryField(null=True, editable=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return _("Trainee %(ref)s") % {"ref": str(self.ref)[:8]}

    @property
    def talent_id(self) -> int:
        return self.merged_into_id or self.pk


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    ATTENDED = "attended", _("Attended")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped")


class Enrolment(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrolments")
    # The canonical person after matching and merges; kept in step by talent.identity.
    talent = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    provider = models.ForeignKey(
        "participants.Organisation", on_delete=models.PROTECT, related_name="enrolments"
    )
    enrolled_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    completed_on = models.DateField(null=True, blank=True)
    consent_given = models.BooleanField(default=False)
    consent_on = models.DateField(null=True, blank=True)
    age_at_enrolment = models.PositiveSmallIntegerField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "programme"], name="unique_enrolment"),
            models.CheckConstraint(
                condition=~models.Q(status="completed") | models.Q(completed_on__isnull=False),
                name="completed_enrolment_has_date",
            ),
        ]
        indexes = [
            # Covers "distinct talents with a completed enrolment in the period" per programme,
            # so counting reads the index only, never the rows.
            models.Index(
                fields=["programme", "status", "completed_on", "talent"], name="talent_count_idx"
            ),
        ]

    def __str__(self) -> str:
        return _("%(person)s in programme %(programme)s (%(status)s)") % {
            "person": self.person,
            "programme": self.programme_id,
            "status": self.get_status_display(),
        }


def verification_code() -> str:
    """About 190 random bits: unguessable, and short enough for a QR code and a URL."""
    return secrets.token_urlsafe(24)


class Certificate(models.Model):
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(max_length=40, unique=True, default=verification_code, editable=False)
    issued_on = models.DateField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return _("Certificate %(code)s…") % {"code": self.code[:6]}


class EventAction(models.TextChoices):
    LINKED = "linked", _("Matched to an existing person")
    MERGED = "merged", _("Merged by a reviewer")
    UNMERGED = "unmerged", _("Unmerged by a reviewer")
    EXPORTED = "exported", _("Subject access export")
    ERASED = "erased", _("Erased")
    ROTATED = "rotated", _("Data key rotated")


class TalentEvent(models.Model):
    """History of identity decisions and rights requests; it never holds personal fields."""

    action = models.CharField(max_length=10, choices=EventAction.choices)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    other = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.person_id} {self.at:%Y-%m-%d}"


class MatchKey(models.Model):
    """A keyed blocking key of a record: records sharing one are scored against each other."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    key = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return _("Match key of trainee record %(id)s") % {"id": self.person_id}


class Verdict(models.TextChoices):
    OPEN = "open", _("To review")
    MERGED = "merged", _("Merged")
    NOT_SAME = "not_same", _("Not the same person")


class PossibleDuplicate(models.Model):
    """Two records that fuzzy matching found alike, for a reviewer; never merged on its own.

    ``first`` is the older record. A verdict is kept for good: a pair marked "not the same
    person" is never listed again, however often it is scored.
    """

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    fields = models.JSONField(default=dict)  # field → agree / disagree / unknown
    verdict = models.CharField(max_length=10, choices=Verdict.choices, default=Verdict.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    found_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="unique_possible_duplicate"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="duplicate_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["verdict", "-score"], name="duplicate_review_idx")]

    def __str__(self) -> str:
        return _(
            "Possible duplicate: trainee records %(first)s and %(second)s (score %(score)s)"
        ) % {
            "first": self.first_id,
            "second": self.second_id,
            "score": formatting.number(self.score, 2),
        }


class Merge(models.Model):
    """One joining of records into one person, automatic or a reviewer's, so it can be undone.

    ``moved`` lists ``[record id, canonical person before]`` for every record whose canonical
    person changed; unmerging puts each back. ``disagreements`` names the pseudonymous facts
    (sex, birth year, country) on which the joined records differ, for the reviewer.
    """

    action = models.CharField(max_length=10, choices=EventAction.choices)
    into = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    moved = models.JSONField(default=list)
    disagreements = models.JSONField(default=list)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return _("%(action)s into %(record)s") % {
            "action": self.get_action_display(),
            "record": self.into_id,
        }


class KeyCanary(models.Model):
    """A known value sealed under the current key: start-up proves the key opens the data."""

    key_id = models.CharField(max_length=8)
    sealed = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return _("Key check value %(key)s") % {"key": self.key_id}


class TalentFact(models.Model):
    """One line of the talent figures' roll-up (talent.rollup): ``talent`` (a canonical
    person) counts in ``plan`` under ``dimension`` with value ``key``. Derived data, rebuilt
    from the enrolments at will; holds no personal field."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    talent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=16)
    key = models.CharField(max_length=40, null=True)

    class Meta:
        indexes = [models.Index(fields=["plan", "dimension", "key"], name="talent_fact_figure")]

    def __str__(self) -> str:
        return f"{self.dimension}={self.key}"
