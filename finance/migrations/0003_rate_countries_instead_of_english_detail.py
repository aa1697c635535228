"""An exchange rate's provenance was stored as an English sentence ("annual average 2023; BEN,
BFA"), shown as-is in every language. It becomes data, the list of the series' rows, and the
pages word it in the reader's language; the year is the rate's own period."""

import re

from django.db import migrations, models

# The one form load_exchange_rates wrote (finance.rates.wdi_rates before this migration).
LOADED = re.compile(r"^annual average \d{4}; (?P<rows>.*)$")


def rows_of(detail: str) -> list[str]:
    found = LOADED.match(detail.strip())
    text = found["rows"] if found else detail
    return [code.strip() for code in text.split(",") if code.strip()]


def detail_to_countries(apps, schema_editor):
    ExchangeRate = apps.get_model("finance", "ExchangeRate")
    changed = []
    for rate in ExchangeRate.objects.exclude(source_detail="").only("pk", "source_detail"):
        rate.countries = rows_of(rate.source_detail)
        changed.append(rate)
    ExchangeRate.objects.bulk_update(changed, ["countries"], batch_size=1000)


def countries_to_detail(apps, schema_editor):
    ExchangeRate = apps.get_model("finance", "ExchangeRate")
    changed = []
    for rate in ExchangeRate.objects.only("pk", "period_start", "countries"):
        if rate.countries:
            rows = ", ".join(rate.countries)
            rate.source_detail = f"annual average {rate.period_start.year}; {rows}"[:200]
            changed.append(rate)
    ExchangeRate.objects.bulk_update(changed, ["source_detail"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0002_pledge_and_due_date_in_other_languages"),
    ]

    operations = [
        migrations.AddField(
            model_name="exchangerate",
            name="countries",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text=(
                    "The rows of the series that gave this rate: ISO 3166 alpha-3 codes, EMU for "
                    "the euro area"
                ),
            ),
        ),
        migrations.RunPython(detail_to_countries, countries_to_detail),
        migrations.RemoveField(model_name="exchangerate", name="source_detail"),
    ]
