"""IATI 2.03 code lists that the activity model uses (codelists at iatistandard.org)."""

from __future__ import annotations

from functools import cache

import pycountry
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityStatus(models.IntegerChoices):
    PIPELINE = 1, _("Pipeline/identification")
    IMPLEMENTATION = 2, _("Implementation")
    FINALISATION = 3, _("Finalisation")
    CLOSED = 4, _("Closed")
    CANCELLED = 5, _("Cancelled")
    SUSPENDED = 6, _("Suspended")


class OrganisationRole(models.IntegerChoices):
    FUNDING = 1, _("Funding")
    ACCOUNTABLE = 2, _("Accountable")
    EXTENDING = 3, _("Extending")
    IMPLEMENTING = 4, _("Implementing")


class BudgetType(models.IntegerChoices):
    ORIGINAL = 1, _("Original")
    REVISED = 2, _("Revised")


class BudgetStatus(models.IntegerChoices):
    INDICATIVE = 1, _("Indicative")
    COMMITTED = 2, _("Committed")


class TransactionType(models.TextChoices):
    INCOMING_FUNDS = "1", _("Incoming Funds")
    OUTGOING_COMMITMENT = "2", _("Outgoing Commitment")
    DISBURSEMENT = "3", _("Disbursement")
    EXPENDITURE = "4", _("Expenditure")
    INTEREST_PAYMENT = "5", _("Interest Payment")
    LOAN_REPAYMENT = "6", _("Loan Repayment")
    REIMBURSEMENT = "7", _("Reimbursement")
    PURCHASE_OF_EQUITY = "8", _("Purchase of Equity")
    SALE_OF_EQUITY = "9", _("Sale of Equity")
    CREDIT_GUARANTEE = "10", _("Credit Guarantee")
    INCOMING_COMMITMENT = "11", _("Incoming Commitment")
    OUTGOING_PLEDGE = "12", _("Outgoing Pledge")
    INCOMING_PLEDGE = "13", _("Incoming Pledge")


class ResultType(models.IntegerChoices):
    OUTPUT = 1, _("Output")
    OUTCOME = 2, _("Outcome")
    IMPACT = 3, _("Impact")
    OTHER = 9, _("Other")


class IndicatorMeasure(models.IntegerChoices):
    UNIT = 1, _("Unit")
    PERCENTAGE = 2, _("Percentage")
    NOMINAL = 3, _("Nominal")
    ORDINAL = 4, _("Ordinal")
    QUALITATIVE = 5, _("Qualitative")


class SectorVocabulary(models.TextChoices):
    DAC_5 = "1", _("OECD DAC CRS purpose codes (5 digit)")
    DAC_3 = "2", _("OECD DAC CRS purpose codes (3 digit)")
    COFOG = "3", _("Classification of the Functions of Government (UN)")
    NACE = "4", _("Statistical classification of economic activities (EU)")
    NTEE = "5", _("National Taxonomy of Exempt Entities (USA)")
    AIDDATA = "6", _("AidData")
    SDG_GOAL = "7", _("SDG Goal")
    SDG_TARGET = "8", _("SDG Target")
    SDG_INDICATOR = "9", _("SDG Indicator")
    HUMANITARIAN = "10", _("Humanitarian Global Clusters (Inter-Agency Standing Committee)")
    NATIONAL = "11", _("Reporting organisation national or sub-national")
    AGENCY_98 = "98", _("Reporting Organisation 2")
    AGENCY = "99", _("Reporting Organisation")


class ActivityScope(models.TextChoices):
    GLOBAL = "1", _("Global")
    REGIONAL = "2", _("Regional")
    MULTI_NATIONAL = "3", _("Multi-national")
    NATIONAL = "4", _("National")
    SUB_NATIONAL_MULTI = "5", _("Sub-national: Multi first-level administrative areas")
    SUB_NATIONAL_SINGLE = "6", _("Sub-national: Single first-level administrative area")
    SUB_NATIONAL_SECOND = "7", _("Sub-national: Single second-level administrative area")
    SINGLE_LOCATION = "8", _("Single location")


class CollaborationType(models.TextChoices):
    BILATERAL = "1", _("Bilateral")
    MULTILATERAL_INFLOWS = "2", _("Multilateral (inflows)")
    BILATERAL_CORE_NGO = "3", _("Bilateral, core contributions to NGOs and other private bodies")
    MULTILATERAL_OUTFLOWS = "4", _("Multilateral outflows")
    PRIVATE_OUTFLOWS = "6", _("Private sector outflows")
    BILATERAL_EX_POST = "7", _("Bilateral, ex-post reporting on NGOs' activities")
    BILATERAL_TRIANGULAR = "8", _("Bilateral, triangular co-operation")


class TiedStatus(models.TextChoices):
    PARTIALLY_TIED = "3", _("Partially tied")
    TIED = "4", _("Tied")
    UNTIED = "5", _("Untied")


class DisbursementChannel(models.TextChoices):
    GOVERNMENT_TREASURY = (
        "1",
        _("Money is disbursed through central Ministry of Finance or Treasury"),
    )
    GOVERNMENT_OTHER = (
        "2",
        _(
            "Money is disbursed directly to the implementing institution and managed through a "
            "separate bank account"
        ),
    )
    THIRD_PARTY = "3", _("Aid in kind: donors utilise third-party agencies")
    DONOR_MANAGED = "4", _("Aid in kind: donors manage funds themselves")


class RelatedActivityType(models.TextChoices):
    PARENT = "1", _("Parent")
    CHILD = "2", _("Child")
    SIBLING = "3", _("Sibling")
    CO_FUNDED = "4", _("Co-funded")
    THIRD_PARTY = "5", _("Third party")


class ContactType(models.TextChoices):
    GENERAL = "1", _("General Enquiries")
    PROJECT_MANAGEMENT = "2", _("Project Management")
    FINANCIAL = "3", _("Financial Management")
    COMMUNICATIONS = "4", _("Communications")


class PolicySignificance(models.TextChoices):
    NOT_TARGETED = "0", _("not targeted")
    SIGNIFICANT = "1", _("significant objective")
    PRINCIPAL = "2", _("principal objective")
    PRINCIPAL_AND_DESIGN = "3", _("principal objective AND in support of an action programme")
    EXPLICIT = "4", _("explicit primary objective")


class ConditionType(models.TextChoices):
    POLICY = "1", _("Policy")
    PERFORMANCE = "2", _("Performance")
    FIDUCIARY = "3", _("Fiduciary")


class WorkflowState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for correction")
    ARCHIVED = "archived", _("Archived")


@cache
def currency_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def is_currency(code: str) -> bool:
    return code in currency_codes()
