"""Load every ISO 3166-1 country (from the pinned pycountry) and mark the 55 AU member states."""

from django.db import migrations

AU_REGIONS = {
    "central": ("BI", "CM", "CF", "TD", "CD", "GQ", "GA", "CG", "ST"),
    "eastern": ("KM", "DJ", "ER", "ET", "KE", "MG", "MU", "RW", "SC", "SO", "SS", "SD", "TZ", "UG"),
    "northern": ("DZ", "EG", "LY", "MR", "MA", "EH", "TN"),
    "southern": ("AO", "BW", "SZ", "LS", "MW", "MZ", "NA", "ZA", "ZM", "ZW"),
    "western": (
        "BJ", "BF", "CV", "CI", "GM", "GH", "GN", "GW", "LR", "ML", "NE", "NG", "SN", "SL", "TG",
    ),
}  # fmt: skip
AU_NAMES = {
    "EH": "Sahrawi Arab Democratic Republic",
    "CV": "Cabo Verde",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "TZ": "United Republic of Tanzania",
    "GM": "The Gambia",
    "SZ": "Eswatini",
}


def load(apps, schema_editor):
    import pycountry

    Country = apps.get_model("participants", "Country")
    region_of = {code: region for region, codes in AU_REGIONS.items() for code in codes}
    Country.objects.bulk_create(
        [
            Country(
                code=c.alpha_2,
                alpha3=c.alpha_3,
                numeric=c.numeric,
                name=AU_NAMES.get(c.alpha_2) or getattr(c, "common_name", None) or c.name,
                au_member=c.alpha_2 in region_of,
                au_region=region_of.get(c.alpha_2, ""),
            )
            for c in pycountry.countries
        ],
        ignore_conflicts=True,
    )


def unload(apps, schema_editor):
    apps.get_model("participants", "Country").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
