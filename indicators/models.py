"""Country digital indicators (World Bank WDI / ITU) as yearly time series."""

from __future__ import annotations

from django.db import models


class Indicator(models.Model):
    code = models.CharField(max_length=40, primary_key=True)  # e.g. IT.NET.USER.ZS
    name = models.CharField(max_length=300)
    unit = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=300, blank=True)
    # Most indicators are "more is better" (subscriptions, users); ranks follow this flag.
    higher_is_better = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Observation(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    country = models.ForeignKey(
        "participants.Country", on_delete=models.CASCADE, related_name="indicator_observations"
    )
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=30, decimal_places=12)

    class Meta:
        ordering = ["indicator", "country", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "country", "year"], name="unique_observation"
            )
        ]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.country_id} {self.year}: {self.value}"
