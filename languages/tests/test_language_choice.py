"""Which language a reader gets: the browser's on a first visit, then the one they choose."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    head = response.content.decode()[:400]
    return head.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    ("header", "expected"),
    [("fr-FR,fr;q=0.9", "fr"), ("zh-CN,zh;q=0.9", "zh-hans"), ("ar", "ar"), ("pt-BR", "pt")],
)
def test_a_first_visit_gets_the_browsers_language(client, header, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200
    assert html_lang(response) == expected


def test_an_unsupported_language_falls_back_to_english_without_error(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="xx-YY, tlh;q=0.8")
    assert response.status_code == 200
    assert html_lang(response) == "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "klingon"
    assert html_lang(client.get("/activities/")) == "en"


def test_arabic_pages_read_right_to_left(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_every_page_offers_the_switcher_back_to_the_same_page(client):
    body = client.get("/activities/?status=2").content.decode()
    assert 'action="/i18n/setlang/"' in body
    assert 'name="next" value="/activities/?status=2"' in body
    for code, _name in settings.LANGUAGES:
        assert f'name="language" value="{code}"' in body


def test_the_switcher_changes_the_language_and_keeps_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/activities/?page=2"})
    assert response.status_code == 302
    assert response["Location"] == "/activities/?page=2"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert html_lang(client.get("/activities/", HTTP_ACCEPT_LANGUAGE="en")) == "fr"


def test_an_unsupported_choice_changes_nothing(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert html_lang(client.get("/")) == "en"


def test_the_switcher_never_sends_the_reader_to_another_site(client):
    response = client.post("/i18n/setlang/", {"language": "pt", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_signed_in_users_choice_follows_them_to_another_browser(personas):
    laptop = Client()
    laptop.force_login(personas.reviewer)
    laptop.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    personas.reviewer.refresh_from_db()
    assert personas.reviewer.language == "ar"

    phone = Client()  # no cookie, an English browser
    phone.force_login(personas.reviewer)  # signing in fires the same user_logged_in signal
    response = phone.get("/activities/", HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(response) == "ar"
    assert response["Content-Language"] == "ar"


def test_mail_to_a_user_is_written_in_their_chosen_language(personas):
    from languages.preferences import language_of

    assert language_of(personas.reviewer) == "en"
    personas.reviewer.language = "zh-hans"
    assert language_of(personas.reviewer) == "zh-hans"
    personas.reviewer.language = "tlh"
    assert language_of(personas.reviewer) == "en"


def test_the_switcher_names_each_language_in_itself(client):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    switcher = body.split('class="languages"', 1)[1].split("</form>", 1)[0]
    for name in ("English", "Français", "简体中文", "Português"):
        assert f">{name}</button>" in switcher
