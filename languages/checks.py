from __future__ import annotations

from django.core.checks import Warning, register

from languages.fonts import missing_fonts


@register()
def fonts_installed(app_configs, **kwargs):
    """Say plainly when pages fall back to system fonts for Arabic or Chinese."""
    missing = missing_fonts()
    if not missing:
        return []
    packages = sorted({font.package for font in missing})
    return [
        Warning(
            "Fonts for Arabic and Chinese not found ("
            + ", ".join(str(font.source) for font in missing)
            + "): pages use the reader's system fonts instead.",
            hint="Install them with: sudo apt-get install " + " ".join(packages),
            id="languages.W001",
        )
    ]
