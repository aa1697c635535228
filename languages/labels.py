"""Our apps', models' and forms' labels (verbose names and help texts) in the reader's language.

A field without an explicit ``verbose_name`` gets one made from its name ("iati identifier"),
a plain string no catalogue would ever see. Rather than spell out (and migrate) a verbose name
for every field of every app, :func:`translate_labels` wraps each plain label of our own models
in ``gettext_lazy`` at start-up; ``manage.py model_labels`` (run by ``make messages``) writes
them into ``languages/model_labels.py`` so that ``makemessages`` extracts them. Labels already
wrapped in the models are left alone. Nothing here changes migrations: Django's model state
reads the labels as declared, not these runtime copies. Form fields declared without a label
(shown as their name, "Planned start") are given their label the same way.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from django.db import models
from django.forms.utils import pretty_name
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy


def project_apps():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts:
            yield config


def project_models() -> Iterator[type[models.Model]]:
    for config in project_apps():
        yield from config.get_models()


# Modules where our apps declare forms; imported at start-up so their labels can be wrapped.
FORM_MODULES = ("forms", "filters")


def project_forms() -> Iterator[type[forms.BaseForm]]:
    names = set()
    for config in project_apps():
        names.add(config.name)
        for module in FORM_MODULES:
            if (Path(config.path) / f"{module}.py").exists():
                importlib.import_module(f"{config.name}.{module}")
    seen, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
                if sub.__module__.split(".")[0] in names:
                    yield sub


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


def _wrap(holder, attr: str, value) -> None:
    WRAPPED.add(str(value))
    setattr(holder, attr, gettext_lazy(str(value)))


def translate_labels() -> None:
    # The admin's headings of our apps ("Accounts", "Talent registry"); an app without models
    # has no heading.
    for config in project_apps():
        if _plain(config.verbose_name) and any(config.get_models()):
            _wrap(config, "verbose_name", config.verbose_name)
    for model in project_models():
        for holder, attr in _label_slots(model):
            value = getattr(holder, attr, None)
            if _plain(value):
                _wrap(holder, attr, value)
    # Form fields declared without a label get one made from their name at render time
    # ("Planned start"), or a plain copy of a model label taken before this ran.
    for form in project_forms():
        for name, field in getattr(form, "base_fields", {}).items():
            if field.label is None:
                _wrap(field, "label", pretty_name(name))
            elif _plain(field.label):
                _wrap(field, "label", field.label)
