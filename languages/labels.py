"""Our models' labels (verbose names and help texts) in the reader's language.

A field without an explicit ``verbose_name`` gets one made from its name ("iati identifier"),
a plain string no catalogue would ever see. Rather than spell out (and migrate) a verbose name
for every field of every app, :func:`translate_labels` wraps each plain label of our own models
in ``gettext_lazy`` at start-up; ``manage.py model_labels`` (run by ``make messages``) writes
them into ``languages/model_labels.py`` so that ``makemessages`` extracts them. Labels already
wrapped in the models are left alone. Nothing here changes migrations: Django's model state
reads the labels as declared, not these runtime copies.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy


def project_models() -> Iterator[type[models.Model]]:
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts:
            yield from config.get_models()


def _plain(value) -> bool:
    return isinstance(value, str) and not isinstance(value, Promise) and bool(value.strip())


def _label_slots(model: type[models.Model]):
    """(object, attribute) pairs holding a label a person reads in the admin or a form."""
    opts = model._meta
    yield opts, "verbose_name"
    yield opts, "verbose_name_plural"
    for field in opts.get_fields(include_hidden=False):
        if field.auto_created and not field.concrete:
            continue  # reverse relations: their labels belong to the other side
        yield field, "verbose_name"
        yield field, "help_text"


# The plain labels found (and wrapped) at start-up: the catalogue's input.
WRAPPED: set[str] = set()


def translate_labels() -> None:
    for model in project_models():
        for holder, attr in _label_slots(model):
            value = getattr(holder, attr, None)
            if _plain(value):
                WRAPPED.add(str(value))
                setattr(holder, attr, gettext_lazy(value))
