"""An organisation's names are typed one language per input, in the admin too, never as JSON."""

from __future__ import annotations

import pytest

from accounts.models import User
from languages.forms import TextsField
from participants.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x" * 12))
    return client


def test_the_admin_shows_one_labelled_input_per_language_and_no_json(admin_client):
    org = Organisation.objects.create(
        name="Ministry of ICT", type="government", names={"fr": "Ministère des TIC", "ar": "وزارة"}
    )
    page = admin_client.get(f"/admin/participants/organisation/{org.pk}/change/").content.decode()
    assert '<textarea name="names"' not in page and "{&quot;fr&quot;" not in page
    assert '<label for="id_names_0">Français</label>' in page
    assert 'name="names_0" value="Ministère des TIC"' in page and 'lang="fr"' in page
    assert 'name="names_2" value="وزارة"' in page and 'lang="ar" dir="rtl"' in page


def test_names_typed_per_language_are_stored_as_one_value(admin_client):
    response = admin_client.post(
        "/admin/participants/organisation/add/",
        {
            "name": "Smart Africa",
            "names_0": "  Smart Afrique ",
            "names_1": "",
            "names_2": "أفريقيا الذكية",
            "names_3": "",
            "type": "government",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    org = Organisation.objects.get(name="Smart Africa")
    assert org.names == {"fr": "Smart Afrique", "ar": "أفريقيا الذكية"}


def test_a_required_language_must_be_filled_and_blank_ones_are_left_out():
    field = TextsField(languages=["en", "fr"], required_languages=("en",))
    with pytest.raises(Exception, match="complete"):
        field.clean(["", "Bonjour"])
    assert field.clean(["Hello", " "]) == {"en": "Hello"}
    assert field.has_changed({"en": "Hello"}, ["Hello", ""]) is False
    assert field.has_changed({"en": "Hello"}, ["Hello", "Bonjour"]) is True
    assert field.widget.decompress('{"fr": "Bonjour"}') == ["", "Bonjour"]
    assert field.widget.decompress("not json") == ["", ""]
