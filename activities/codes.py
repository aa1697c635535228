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
