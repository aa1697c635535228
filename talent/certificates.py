"""Certificates of completion: an unguessable code, a printable PDF and a public check.

The public verification page shows only what a reader needs to trust the paper in their hands
(programme, completion date, provider, the holder's initials) and nothing that would let a
stranger learn who trained where.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from talent.identity import reveal
from talent.models import Certificate, Enrolment, EnrolmentStatus


class NotCompleted(Exception):
    pass


def issue_certificate(enrolment: Enrolment, actor=None) -> Certificate:
    """The enrolment's certificate, created on first call; only completions earn one."""
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise NotCompleted(_("Only a completed enrolment earns a certificate."))
    certificate, _created = Certificate.objects.get_or_create(
        enrolment=enrolment,
        defaults={"issued_on": timezone.localdate(), "issued_by": actor},
    )
    return certificate


def verify_url(code: str) -> str:
    return settings.SITE_URL + reverse("talent:verify", args=[code])


@dataclass(frozen=True)
class Verification:
    code: str
    programme: str
    completed_on: dt.date
    provider: str
    initials: str  # empty once the holder's personal data is erased


def verification(code: str) -> Verification | None:
    certificate = (
        Certificate.objects.select_related(
            "enrolment__programme__activity", "enrolment__provider", "enrolment__person"
        )
        .filter(code=code)
        .first()
    )
    if certificate is None:
        return None
    enrolment = certificate.enrolment
    data = reveal(enrolment.person)
    return Verification(
        code=code,
        programme=str(enrolment.programme),
        completed_on=enrolment.completed_on,
        provider=enrolment.provider.name,
        initials=data.initials if data else "",
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    """A one-page A4 certificate with a QR code to the public verification page."""
    from weasyprint import HTML

    enrolment = certificate.enrolment
    data = reveal(enrolment.person)
    url = verify_url(certificate.code)
    html = render_to_string(
        "talent/certificate_pdf.html",
        {
            "certificate": certificate,
            "enrolment": enrolment,
            "holder": data.name if data else "",
            "url": url,
            "qr": segno.make(url, error="m").svg_data_uri(scale=4),
        },
    )
    return HTML(string=html, base_url=settings.SITE_URL).write_pdf()
