"""Rules that span several rows of an activity (the per-row rules live in model ``clean``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

HUNDRED = Decimal(100)
# IATI publishers round to a few decimals; a total within this distance of 100 is accepted.
TOLERANCE = Decimal("0.01")


def percentage_total_error(percentages: Iterable[Decimal | None], what: str) -> str | None:
    """Return why a set of split percentages is invalid, or None.

    IATI's rule: when several items share an activity, each carries a percentage and together
    they add up to 100. A single item may omit its percentage (it means 100).
    """
    values = list(percentages)
    if len(values) <= 1 and all(v is None or v == HUNDRED for v in values):
        return None
    if any(v is None for v in values):
        return _("Every %(what)s needs a percentage when there are several.") % {"what": what}
    total = sum(values, Decimal(0))
    if abs(total - HUNDRED) > TOLERANCE:
        return _("The %(what)s percentages add up to %(total)s; they must add up to 100.") % {
            "what": what,
            "total": f"{total.normalize():f}",
        }
    return None


def sector_total_errors(items: Iterable[tuple[str, Decimal | None]]) -> list[str]:
    """Sectors are split to 100 % separately within each vocabulary."""
    by_vocabulary: dict[str, list[Decimal | None]] = defaultdict(list)
    for vocabulary, percentage in items:
        by_vocabulary[vocabulary].append(percentage)
    errors = []
    for vocabulary, values in sorted(by_vocabulary.items()):
        error = percentage_total_error(values, _("sector (vocabulary %s)") % vocabulary)
        if error:
            errors.append(error)
    return errors
