"""Rules that span several rows of an activity (the per-row rules live in model ``clean``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from lib.formatting import number

HUNDRED = Decimal(100)
# IATI publishers round to a few decimals; a total within this distance of 100 is accepted.
TOLERANCE = Decimal("0.01")


# One whole sentence per kind of split row (a kind's name slotted into a shared sentence would
# not take the right article, number and case in every language). The API's contract test
# recognises these refusals by "needs a percentage when there are several" and "must add up to
# 100" (api/schemas.py): keep those words in the English.
MISSING = {
    "recipient country": _("Every recipient country needs a percentage when there are several."),
    "recipient region": _("Every recipient region needs a percentage when there are several."),
    "sector": _(
        "Every sector of vocabulary %(vocabulary)s needs a percentage when there are several."
    ),
}
WRONG_TOTAL = {
    "recipient country": _(
        "The recipient countries' percentages add up to %(total)s; they must add up to 100."
    ),
    "recipient region": _(
        "The recipient regions' percentages add up to %(total)s; they must add up to 100."
    ),
    "sector": _(
        "The percentages of the sectors of vocabulary %(vocabulary)s add up to %(total)s; they "
        "must add up to 100."
    ),
}


def percentage_total_error(
    percentages: Iterable[Decimal | None], what: str, vocabulary: str = ""
) -> str | None:
    """Return why a set of split percentages is invalid, or None.

    IATI's rule: when several items share an activity, each carries a percentage and together
    they add up to 100. A single item may omit its percentage (it means 100). ``what`` is the
    kind of row: "recipient country", "recipient region" or "sector" (then with its
    ``vocabulary``).
    """
    values = list(percentages)
    if len(values) <= 1 and all(v is None or v == HUNDRED for v in values):
        return None
    if any(v is None for v in values):
        return str(MISSING[what]) % {"vocabulary": vocabulary}
    total = sum(values, Decimal(0))
    if abs(total - HUNDRED) > TOLERANCE:
        return str(WRONG_TOTAL[what]) % {"vocabulary": vocabulary, "total": number(total)}
    return None


def sector_total_errors(items: Iterable[tuple[str, Decimal | None]]) -> list[str]:
    """Sectors are split to 100 % separately within each vocabulary."""
    by_vocabulary: dict[str, list[Decimal | None]] = defaultdict(list)
    for vocabulary, percentage in items:
        by_vocabulary[vocabulary].append(percentage)
    errors = []
    for vocabulary, values in sorted(by_vocabulary.items()):
        error = percentage_total_error(values, "sector", vocabulary)
        if error:
            errors.append(error)
    return errors
