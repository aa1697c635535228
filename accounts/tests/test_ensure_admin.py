from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_first_administrator_is_created_once_with_a_printed_password():
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    password = re.search(r"password: (\S+)", out.getvalue()).group(1)
    # As the sign-in page does: the lock-out (django-axes) needs the request.
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="admin", password=password).is_superuser

    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert "already exists" in again.getvalue()
    assert "password:" not in again.getvalue()
    assert User.objects.filter(is_superuser=True).count() == 1
