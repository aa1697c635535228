"""The IATI 2.03 code lists the importer checks, and the mapping to our organisation types.

Only codes of the short, stable lists we hold are checked: an unknown code there would be
stored as something it is not. The long lists (flow type, finance type, aid type) are stored
as given, for the pages to show and the export to write back.
"""

from __future__ import annotations

from activities.codes import (
    ActivityScope,
    ActivityStatus,
    BudgetStatus,
    BudgetType,
    CollaborationType,
    ConditionType,
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
)
from participants.models import OrganisationType

SUPPORTED_VERSIONS = frozenset({"2.01", "2.02", "2.03"})

ACTIVITY_STATUS = frozenset(str(c) for c in ActivityStatus.values)
ORGANISATION_ROLE = frozenset(str(c) for c in OrganisationRole.values)
BUDGET_TYPE = frozenset(str(c) for c in BudgetType.values)
BUDGET_STATUS = frozenset(str(c) for c in BudgetStatus.values)
TRANSACTION_TYPE = frozenset(TransactionType.values)
SECTOR_VOCABULARY = frozenset(SectorVocabulary.values)
RESULT_TYPE = frozenset(str(c) for c in ResultType.values)
INDICATOR_MEASURE = frozenset(str(c) for c in IndicatorMeasure.values)
ACTIVITY_SCOPE = frozenset(ActivityScope.values)
COLLABORATION_TYPE = frozenset(CollaborationType.values)
TIED_STATUS = frozenset(TiedStatus.values)
DISBURSEMENT_CHANNEL = frozenset(DisbursementChannel.values)
RELATED_ACTIVITY_TYPE = frozenset(RelatedActivityType.values)
CONTACT_TYPE = frozenset(ContactType.values)
POLICY_SIGNIFICANCE = frozenset(PolicySignificance.values)
CONDITION_TYPE = frozenset(ConditionType.values)
BUDGET_NOT_PROVIDED = frozenset({"1", "2", "3"})
DESCRIPTION_TYPE = frozenset({"1", "2", "3", "4"})
# ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
ACTIVITY_DATE_FIELD = {
    "1": "planned_start",
    "2": "actual_start",
    "3": "planned_end",
    "4": "actual_end",
}
DATE_TYPE_OF_FIELD = {field: code for code, field in ACTIVITY_DATE_FIELD.items()}
REGION_VOCABULARY = frozenset({"1", "2", "99"})
ORGANISATION_TYPE = frozenset(
    {"10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71", "72", "73", "80", "90"}
)

# SectorVocabulary 7/8/9 and TagVocabulary 2/3 carry the SDGs; ResultVocabulary 1 is the SDGs.
SDG_SECTOR_GOAL, SDG_SECTOR_TARGET, SDG_SECTOR_INDICATOR = "7", "8", "9"
SDG_TAG_GOAL, SDG_TAG_TARGET = "2", "3"
SDG_RESULT_VOCABULARY = "1"
# Agenda 2063 has no IATI vocabulary: we publish it as a reporting-organisation tag (99)
# with this URI, and recognise it on import.
AGENDA2063_TAG_URI = "https://au.int/en/agenda2063/goals"


def organisation_type(iati_code: str) -> str:
    """Our organisation type for an IATI OrganisationType code (used for a new reporting org)."""
    if iati_code in {"10", "11", "15"}:
        return OrganisationType.GOVERNMENT
    if iati_code in {"30", "70", "72", "73"}:
        return OrganisationType.BUSINESS
    if iati_code == "71":
        return OrganisationType.FINANCIAL
    if iati_code == "40":
        return OrganisationType.INTERNATIONAL
    if iati_code == "80":
        return OrganisationType.ACADEMIA
    return OrganisationType.CIVIL_SOCIETY
