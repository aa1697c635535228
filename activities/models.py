"""Activities as IATI 2.03 describes them, plus the plan's own classification.

Multilingual text (titles, descriptions, narratives) is a JSON object keyed by language code,
e.g. ``{"en": "…", "fr": "…"}``: IATI allows any number of languages per element and we keep
every one of them for a lossless round trip.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from activities.codes import (
    ActivityScope,
    ActivityStatus,
    BudgetStatus,
    BudgetType,
    CollaborationType,
    ContactType,
    DisbursementChannel,
    IndicatorMeasure,
    OrganisationRole,
    PolicySignificance,
    RelatedActivityType,
    ResultType,
    SectorVocabulary,
    TiedStatus,
    TransactionType,
    WorkflowState,
    is_currency,
)
from languages.multilingual import pick

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]

# Related names of an activity's child rows (not the results framework, which nests deeper):
# the admin inlines, the history snapshot and the IATI export all walk this one list.
CHILD_RELATIONS = (
    "recipient_countries",
    "recipient_regions",
    "iati_sectors",
    "participating_orgs",
    "budgets",
    "transactions",
    "locations",
    "documents",
    "policy_markers",
    "related_activities",
    "contacts",
)


def validate_currency(code: str) -> None:
    if code and not is_currency(code):
        raise ValidationError(
            _("%(code)s is not an ISO 4217 currency code (e.g. USD, CNY, KES)."),
            params={"code": code},
            code="invalid_currency",
        )


def validate_narrative(value) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValidationError(
            _('Expected an object of language code to text, e.g. {"en": "…"}.'),
            code="invalid_narrative",
        )


def narrative_text(value: dict, language: str | None = "en") -> str:
    """The text in ``language`` (None: the reader's), else English, else any language held."""
    return pick(value, language).text


def _check_order(errors: dict, start, end, field: str, message) -> None:
    if start and end and end < start:
        errors[field] = message


def approved_q(plan=None, *, via: str = "") -> models.Q:
    """The rule "approved (in this plan)" as a filter, reached through ``via`` (a relation path
    ending in ``__``, e.g. ``"programme__activity__"``) from a model other than Activity.

    Only approved records count toward a target and are public: every figure and every public
    list reads its activities through this one rule (``Activity.objects.approved(plan)``)."""
    q = models.Q(**{f"{via}workflow_state": WorkflowState.APPROVED})
    return q if plan is None else q & models.Q(**{f"{via}plan": plan})


class ActivityQuerySet(models.QuerySet):
    def approved(self, plan=None) -> ActivityQuerySet:
        """Approved activities (of ``plan`` when given): those that count and are public."""
        return self.filter(approved_q(plan))

    def visible_to(self, user) -> ActivityQuerySet:
        """The activities ``user`` may read, in one query; who reads what is written once, in
        ``activities.permissions`` (imported here, not at the top: it imports this module)."""
        from activities.permissions import visible_activities

        return visible_activities(user, self)


class Activity(models.Model):
    # No single-column index on plan or reporting_org: the composite indexes in Meta start
    # with them and serve the same look-ups; each index is one more write on every insert.
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="activities", db_index=False
    )
    iati_identifier = models.CharField(_("IATI identifier"), max_length=200, unique=True)
    reporting_org = models.ForeignKey(
        "participants.Organisation",
        on_delete=models.PROTECT,
        related_name="reported_activities",
        db_index=False,
    )
    title = models.JSONField(default=dict, validators=[validate_narrative])
    description = models.JSONField(default=dict, blank=True, validators=[validate_narrative])
    other_descriptions = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("IATI description types 2–4 (objectives, target groups, other) by type code"),
    )
    default_language = models.CharField(max_length=10, default="en")
    default_currency = models.CharField(max_length=3, default="USD", validators=[validate_currency])
    pillars = models.ManyToManyField("plans.Pillar", blank=True, related_name="activities")
    # Empty only for records imported from IATI that a focal point has not classified yet;
    # unclassified records never count toward a target.
    kind = models.ForeignKey(
        "plans.ActivityKind",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    status = models.PositiveSmallIntegerField(
        _("activity status"),
        choices=ActivityStatus.choices,
        default=ActivityStatus.PIPELINE,
        db_index=True,
    )
    workflow_state = models.CharField(
        max_length=10, choices=WorkflowState.choices, default=WorkflowState.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text=_("Raised on every save; guards concurrent edits")
    )
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    actual_start = models.DateField(null=True, blank=True, db_index=True)
    actual_end = models.DateField(null=True, blank=True)
    sectors = models.ManyToManyField("plans.Sector", blank=True, related_name="activities")
    technologies = models.ManyToManyField("plans.Technology", blank=True, related_name="activities")
    iati_last_updated = models.DateTimeField(null=True, blank=True)
    # IATI 2.03 flags and defaults. A transaction that does not give its own flow type,
    # finance type, aid types, tied status or humanitarian flag inherits the activity's
    # (Transaction.effective_*), as the standard says.
    hierarchy = models.PositiveSmallIntegerField(_("IATI hierarchy level"), null=True, blank=True)
    humanitarian = models.BooleanField(_("humanitarian"), null=True, blank=True)
    linked_data_uri = models.CharField(max_length=500, blank=True)
    budget_not_provided = models.CharField(max_length=2, blank=True)
    activity_scope = models.CharField(
        _("activity scope"), max_length=2, blank=True, choices=ActivityScope.choices
    )
    collaboration_type = models.CharField(
        _("collaboration type"), max_length=2, blank=True, choices=CollaborationType.choices
    )
    default_flow_type = models.CharField(_("default flow type"), max_length=4, blank=True)
    default_finance_type = models.CharField(_("default finance type"), max_length=4, blank=True)
    default_aid_types = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text=_('IATI default aid types: [{"code": "C01", "vocabulary": "1"}, …]'),
    )
    default_tied_status = models.CharField(
        _("default tied status"), max_length=2, blank=True, choices=TiedStatus.choices
    )
    conditions_attached = models.BooleanField(_("conditions attached"), null=True, blank=True)
    conditions = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text=_('IATI conditions: [{"type": "1", "text": {"en": "…"}}, …]'),
    )
    source_file = models.CharField(max_length=500, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "iati_identifier"]
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["plan", "workflow_state", "status"]),
            models.Index(fields=["reporting_org", "workflow_state"]),
            # Lists read most recently updated first; keyset pages and deep offsets walk this.
            models.Index(fields=["-updated_at", "id"], name="activity_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.iati_identifier} — {self.title_text()}"

    def title_text(self, language: str | None = None) -> str:
        """The title in the reader's language (else English, else any), else the identifier:
        a link to the activity is never empty."""
        return narrative_text(self.title, language) or self.iati_identifier

    def description_text(self, language: str | None = None) -> str:
        return narrative_text(self.description, language)

    def clean(self) -> None:
        errors: dict = {}
        title = self.title if isinstance(self.title, dict) else {}
        if not any(str(text).strip() for text in title.values()):
            errors["title"] = _("An activity needs a title in at least one language.")
        _check_order(
            errors,
            self.planned_start,
            self.planned_end,
            "planned_end",
            _("The planned end cannot be before the planned start."),
        )
        _check_order(
            errors,
            self.actual_start,
            self.actual_end,
            "actual_end",
            _("The actual end cannot be before the actual start."),
        )
        if self.status in (ActivityStatus.IMPLEMENTATION, ActivityStatus.FINALISATION) and (
            not self.actual_start
        ):
            errors["actual_start"] = _("An activity under way needs its actual start date.")
        if self.status == ActivityStatus.CLOSED and not self.actual_end:
            errors["actual_end"] = _("A closed activity needs its actual end date.")
        if self.kind_id and self.plan_id and self.kind.plan_id != self.plan_id:
            errors["kind"] = _("This kind of activity belongs to another plan.")
        if errors:
            raise ValidationError(errors)


class RecipientCountry(models.Model):
    # Indexed by the unique (activity, country) constraint, which starts with it.
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="recipient_countries", db_index=False
    )
    country = models.ForeignKey(
        "participants.Country", on_delete=models.PROTECT, related_name="recipient_of"
    )
    percentage = models.DecimalField(
        max_digits=6, decimal_places=3, null=True, blank=True, validators=PERCENT
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "country"], name="unique_recipient_country")
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.percentage or ''}"


class RecipientRegion(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="recipient_regions"
    )
    code = models.CharField(max_length=20)
    vocabulary = models.CharField(max_length=5, default="1")
    percentage = models.DecimalField(
        max_digits=6, decimal_places=3, null=True, blank=True, validators=PERCENT
    )
    name = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"{self.vocabulary}:{self.code}"


class ActivitySector(models.Model):
    """A sector in any IATI vocabulary (DAC 5/3-digit and others kept with their vocabulary)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="iati_sectors")
    vocabulary = models.CharField(
        max_length=5, choices=SectorVocabulary.choices, default=SectorVocabulary.DAC_5
    )
    vocabulary_uri = models.URLField(blank=True)
    code = models.CharField(max_length=100)
    percentage = models.DecimalField(
        max_digits=6, decimal_places=3, null=True, blank=True, validators=PERCENT
    )
    narrative = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"{self.vocabulary}:{self.code}"

    def clean(self) -> None:
        if self.vocabulary == SectorVocabulary.DAC_5 and not (
            self.code.isdigit() and len(self.code) == 5
        ):
            raise ValidationError({"code": _("A DAC 5-digit purpose code has five digits.")})
        if self.vocabulary == SectorVocabulary.DAC_3 and not (
            self.code.isdigit() and len(self.code) == 3
        ):
            raise ValidationError({"code": _("A DAC 3-digit sector code has three digits.")})


class ParticipatingOrg(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="participating_orgs"
    )
    organisation = models.ForeignKey(
        "participants.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    role = models.PositiveSmallIntegerField(choices=OrganisationRole.choices)
    ref = models.CharField(max_length=120, blank=True)
    type = models.CharField(_("IATI organisation type"), max_length=5, blank=True)
    name = models.JSONField(default=dict, blank=True)
    activity_id_ref = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["activity", "role", "pk"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.display_name()}"

    def display_name(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return narrative_text(self.name) or self.ref

    def clean(self) -> None:
        if not self.organisation_id and not self.ref and not self.name:
            raise ValidationError(_("Name the organisation: pick one, or give its ref or name."))


class Budget(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="budgets")
    type = models.PositiveSmallIntegerField(choices=BudgetType.choices, default=BudgetType.ORIGINAL)
    status = models.PositiveSmallIntegerField(
        choices=BudgetStatus.choices, default=BudgetStatus.INDICATIVE
    )
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=20, decimal_places=2)
    currency = models.CharField(max_length=3, blank=True, validators=[validate_currency])
    value_date = models.DateField()

    class Meta:
        ordering = ["activity", "period_start"]

    def __str__(self) -> str:
        return f"{self.value} {self.currency} {self.period_start}–{self.period_end}"

    def clean(self) -> None:
        errors: dict = {}
        _check_order(
            errors,
            self.period_start,
            self.period_end,
            "period_end",
            _("The budget period cannot end before it starts."),
        )
        if self.value is not None and self.value < 0:
            errors["value"] = _("A budget cannot be negative.")
        if errors:
            raise ValidationError(errors)


class Transaction(models.Model):
    # Indexed by the (activity, type) index in Meta, which starts with it.
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="transactions", db_index=False
    )
    ref = models.CharField(max_length=200, blank=True)
    type = models.CharField(max_length=2, choices=TransactionType.choices)
    date = models.DateField(_("transaction date"))
    value = models.DecimalField(max_digits=20, decimal_places=2)
    currency = models.CharField(max_length=3, blank=True, validators=[validate_currency])
    value_date = models.DateField()
    description = models.JSONField(default=dict, blank=True)
    provider_org_ref = models.CharField(max_length=120, blank=True)
    provider_org_name = models.JSONField(default=dict, blank=True)
    receiver_org_ref = models.CharField(max_length=120, blank=True)
    receiver_org_name = models.JSONField(default=dict, blank=True)
    # provider-org/@provider-activity-id and receiver-org/@receiver-activity-id: the IATI
    # identifiers that trace money between activities (finance counts each dollar once by them).
    provider_activity_id = models.CharField(max_length=200, blank=True)
    receiver_activity_id = models.CharField(max_length=200, blank=True)
    sector_vocabulary = models.CharField(max_length=5, blank=True)
    sector_code = models.CharField(max_length=100, blank=True)
    recipient_country = models.ForeignKey(
        "participants.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_region = models.CharField(max_length=20, blank=True)
    # Empty (or None) where the transaction gives none: the activity's default applies.
    humanitarian = models.BooleanField(null=True, blank=True)
    disbursement_channel = models.CharField(
        max_length=1, blank=True, choices=DisbursementChannel.choices
    )
    flow_type = models.CharField(max_length=4, blank=True)
    finance_type = models.CharField(max_length=4, blank=True)
    aid_types = models.JSONField(default=list, blank=True, editable=False)
    tied_status = models.CharField(max_length=2, blank=True, choices=TiedStatus.choices)

    class Meta:
        ordering = ["activity", "date", "pk"]
        indexes = [
            models.Index(fields=["activity", "type"]),
            # Few transactions name another activity; these partial indexes let the finance
            # totals find the flows between activities without reading every transaction.
            models.Index(
                fields=["receiver_activity_id"],
                condition=~models.Q(receiver_activity_id=""),
                name="transaction_receiver_activity",
            ),
            models.Index(
                fields=["provider_activity_id"],
                condition=~models.Q(provider_activity_id=""),
                name="transaction_provider_activity",
            ),
        ]

    def __str__(self) -> str:
        return _("%(type)s %(value)s %(currency)s on %(date)s") % {
            "type": self.get_type_display(),
            "value": self.value,
            "currency": self.currency,
            "date": self.date,
        }

    # What applies to the transaction: its own value, else the activity's default.
    @property
    def effective_flow_type(self) -> str:
        return self.flow_type or self.activity.default_flow_type

    @property
    def effective_finance_type(self) -> str:
        return self.finance_type or self.activity.default_finance_type

    @property
    def effective_aid_types(self) -> list[dict]:
        return self.aid_types or self.activity.default_aid_types

    @property
    def effective_tied_status(self) -> str:
        return self.tied_status or self.activity.default_tied_status

    @property
    def effective_humanitarian(self) -> bool | None:
        return self.activity.humanitarian if self.humanitarian is None else self.humanitarian


class Location(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="locations")
    ref = models.CharField(max_length=200, blank=True)
    name = models.JSONField(default=dict, blank=True)
    description = models.JSONField(default=dict, blank=True)
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    country = models.ForeignKey(
        "participants.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return narrative_text(self.name) or self.ref or f"{self.latitude}, {self.longitude}"

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))


class PolicyMarker(models.Model):
    """An IATI policy marker: how far the activity targets a policy objective (gender, …)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="policy_markers")
    vocabulary = models.CharField(max_length=5, default="1")
    vocabulary_uri = models.CharField(max_length=500, blank=True)
    code = models.CharField(max_length=20)
    significance = models.CharField(max_length=2, blank=True, choices=PolicySignificance.choices)
    narrative = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"{self.vocabulary}:{self.code} ({self.significance})"


class RelatedActivity(models.Model):
    """Another IATI activity this one is linked to (parent, child, sibling, co-funded…)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="related_activities"
    )
    ref = models.CharField(max_length=200)
    type = models.CharField(max_length=2, choices=RelatedActivityType.choices)

    class Meta:
        verbose_name_plural = "related activities"

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.ref}"


class ContactInfo(models.Model):
    """An IATI contact-info: whom to ask about the activity (as the publisher published it)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="contacts")
    type = models.CharField(max_length=2, blank=True, choices=ContactType.choices)
    organisation = models.JSONField(default=dict, blank=True)
    department = models.JSONField(default=dict, blank=True)
    person_name = models.JSONField(default=dict, blank=True)
    job_title = models.JSONField(default=dict, blank=True)
    telephone = models.CharField(max_length=100, blank=True)
    email = models.CharField(max_length=254, blank=True)
    website = models.CharField(max_length=500, blank=True)
    mailing_address = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name_plural = "contact info"

    def __str__(self) -> str:
        return narrative_text(self.organisation) or self.email or self.telephone


def document_upload_path(instance: DocumentLink, filename: str) -> str:
    return f"documents/{instance.activity_id}/{filename}"


class DocumentLink(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="documents")
    url = models.URLField(max_length=1000, blank=True)
    file = models.FileField(upload_to=document_upload_path, blank=True)
    format = models.CharField(max_length=100, blank=True, help_text=_("IANA media type"))
    title = models.JSONField(default=dict, blank=True)
    description = models.JSONField(default=dict, blank=True)
    category = models.CharField(max_length=5, blank=True, help_text=_("IATI DocumentCategory"))
    language = models.CharField(max_length=10, blank=True)
    document_date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return narrative_text(self.title) or self.url or self.file.name

    def clean(self) -> None:
        if not self.url and not self.file:
            raise ValidationError(_("A document needs a link or an uploaded file."))


class Result(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="results")
    type = models.PositiveSmallIntegerField(choices=ResultType.choices, default=ResultType.OUTPUT)
    aggregation_status = models.BooleanField(null=True, blank=True)
    title = models.JSONField(default=dict, validators=[validate_narrative])
    description = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["activity", "pk"]

    def __str__(self) -> str:
        return narrative_text(self.title)


class ResultIndicator(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    measure = models.PositiveSmallIntegerField(
        choices=IndicatorMeasure.choices, default=IndicatorMeasure.UNIT
    )
    ascending = models.BooleanField(default=True)
    standard_indicator = models.ForeignKey(
        "plans.StandardIndicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    title = models.JSONField(default=dict, validators=[validate_narrative])
    description = models.JSONField(default=dict, blank=True)
    unit = models.CharField(max_length=60, blank=True)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    baseline_date = models.DateField(null=True, blank=True)
    baseline_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["result", "pk"]

    def __str__(self) -> str:
        return narrative_text(self.title)


class IndicatorPeriod(models.Model):
    indicator = models.ForeignKey(ResultIndicator, on_delete=models.CASCADE, related_name="periods")
    period_start = models.DateField()
    period_end = models.DateField()
    target_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    actual_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    target_comment = models.JSONField(default=dict, blank=True)
    actual_comment = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["indicator", "period_start"]

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end}"

    def clean(self) -> None:
        errors: dict = {}
        _check_order(
            errors,
            self.period_start,
            self.period_end,
            "period_end",
            _("A reporting period cannot end before it starts."),
        )
        if errors:
            raise ValidationError(errors)


class DisaggregationDimension(models.TextChoices):
    SEX = "sex", _("Sex")
    AGE_GROUP = "age_group", _("Age group")
    COUNTRY = "country", _("Country")


SEX_CATEGORIES = ("female", "male", "other", "unknown")


class Disaggregation(models.Model):
    """One cell of a period's figures split by sex, age group or country.

    IATI carries these as ``<dimension name value>``; we constrain the three dimensions the plan
    reports on so that cells from different activities add up.
    """

    period = models.ForeignKey(
        IndicatorPeriod, on_delete=models.CASCADE, related_name="disaggregations"
    )
    dimension = models.CharField(max_length=20, choices=DisaggregationDimension.choices)
    category = models.CharField(
        max_length=20,
        help_text=_("female/male/other/unknown, an age range like 15-35, or a country code"),
    )
    target_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    actual_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["period", "dimension", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "dimension", "category"], name="unique_disaggregation_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.category}"

    def clean(self) -> None:
        from participants.models import Country

        category = self.category or ""
        if self.dimension == DisaggregationDimension.SEX and category not in SEX_CATEGORIES:
            raise ValidationError(
                {
                    "category": _("Sex is one of: %(choices)s.")
                    % {"choices": ", ".join(SEX_CATEGORIES)}
                }
            )
        if self.dimension == DisaggregationDimension.AGE_GROUP and not _is_age_group(category):
            raise ValidationError(
                {
                    "category": _("An age group looks like 15-35 or 65+ (got %(value)r).")
                    % {"value": category}
                }
            )
        if (
            self.dimension == DisaggregationDimension.COUNTRY
            and not Country.objects.filter(code=category).exists()
        ):
            raise ValidationError(
                {
                    "category": _("%(value)r is not an ISO 3166-1 alpha-2 country code.")
                    % {"value": category}
                }
            )


def _is_age_group(text: str) -> bool:
    if text.endswith("+"):
        return text[:-1].isdigit()
    low, _sep, high = text.partition("-")
    return low.isdigit() and high.isdigit() and int(low) <= int(high)


class ActivityChange(models.Model):
    """One entry of an activity's history: who did what, when, and each field's before/after.

    ``changes`` is a list of ``{"field": …, "before": …, "after": …}`` over a flattened snapshot
    of the activity and its child rows (see activities.history), so a changed budget value reads
    as ``budgets[#12].value: 1000.00 → 1500.00``. Entries outlive the activity they describe.
    """

    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    iati_identifier = models.CharField(max_length=200, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=20)
    version = models.PositiveIntegerField()
    comment = models.TextField(blank=True)
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.iati_identifier} {self.action} v{self.version}"
