"""Start-up checks of what the activity pages need from outside the code."""

from __future__ import annotations

from django.core.checks import Warning, register

from activities.codelists import CodelistsMissing, codelists_folder


@register()
def iati_codelists_installed(app_configs, **kwargs):
    """Say plainly when the pages will show IATI codes without their names."""
    try:
        codelists_folder()
    except CodelistsMissing as missing:
        return [Warning(str(missing), id="activities.W001")]
    return []
