"""The countries index and the links that lead to country profiles."""

from __future__ import annotations

from django.urls import reverse

from activities.models import RecipientCountry
from digicoop.testing import make_activity
from indicators.services import countries_overview


def _in_country(personas, code: str, state: str):
    activity = make_activity(personas, state=state)
    RecipientCountry.objects.create(activity=activity, country_id=code, percentage=100)
    return activity


def test_the_overview_groups_au_members_by_region_and_counts_approved_activities(personas):
    _in_country(personas, "KE", "approved")
    _in_country(personas, "KE", "approved")
    _in_country(personas, "KE", "draft")
    _in_country(personas, "CN", "approved")  # not an AU member, but an activity is there
    groups = dict(countries_overview())
    assert sum(len(countries) for region, countries in groups.items() if region) == 55
    assert dict((c.code, n) for c, n in groups["Eastern Africa"])["KE"] == 2
    assert dict((c.code, n) for c, n in groups["Northern Africa"])["EG"] == 0
    assert [(c.code, n) for c, n in groups[""]] == [("CN", 1)]


def test_the_countries_page_links_every_member_to_its_profile(client, personas):
    _in_country(personas, "NG", "approved")
    page = client.get(reverse("indicators:countries")).content.decode()
    assert page.count('<li data-country="') == 55
    assert reverse("progress:country", args=["NG"]) in page
    assert "1 approved activity" in page
    assert reverse("indicators:countries") in client.get(reverse("home")).content.decode()


def test_an_activity_page_links_its_recipient_countries_to_their_profiles(client, personas):
    activity = _in_country(personas, "KE", "approved")
    page = client.get(reverse("activity-detail", args=[activity.pk])).content.decode()
    profile = reverse("progress:country", args=["KE"])
    assert f'href="{profile}"' in page
    assert client.get(profile).status_code == 200
