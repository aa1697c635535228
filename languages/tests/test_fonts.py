"""Arabic and CJK fonts come from Debian's packages and are served by the app, or we say so."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core import checks

from languages import fonts


@pytest.mark.django_db
def test_the_installed_fonts_are_served_from_the_app(client):
    css = client.get("/i18n/fonts.css").content.decode()
    for font in fonts.available_fonts():
        assert f"/static/{font.static_path}" in css
        assert finders.find(font.static_path) == str(font.source)
    assert fonts.available_fonts(), "make test installs fonts-noto-core and fonts-noto-cjk"
    assert "http" not in css  # never a CDN


@pytest.mark.django_db
def test_without_the_font_packages_pages_fall_back_to_system_fonts_and_say_so(client, monkeypatch):
    absent = tuple(
        fonts.Font(f.family, f.weight, Path("/nonexistent") / f.source.name, f.local_names,
                   f.unicode_range, f.format, f.package)
        for f in fonts.FONTS
    )  # fmt: skip
    monkeypatch.setattr(fonts, "FONTS", absent)
    css = client.get("/i18n/fonts.css")
    assert css.status_code == 200
    assert "@font-face" not in css.content.decode()
    warnings = [m for m in checks.run_checks() if m.id == "languages.W001"]
    assert len(warnings) == 1
    assert "fonts-noto-core" in warnings[0].hint and "fonts-noto-cjk" in warnings[0].hint
    assert finders.find("fonts/NotoSansArabic-Regular.ttf") is None


@pytest.mark.parametrize("path", ["fonts/../secret_key", "fonts/other.ttf"])
def test_the_finder_serves_only_the_listed_font_files(path):
    assert finders.find(path) is None
