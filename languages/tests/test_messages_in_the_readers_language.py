"""Messages that used to be English whatever the reader's language, or slotted an English word
into a sentence: each is now a whole sentence of the reader's language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from activities import workflow
from activities.codes import WorkflowState
from activities.documents import check_upload
from activities.validation import percentage_total_error, sector_total_errors
from digicoop.testing import make_activity
from participants import services as memberships

pytestmark = pytest.mark.django_db


def test_split_percentage_refusals_are_whole_sentences_per_kind_of_row():
    with translation.override("fr"):
        assert percentage_total_error([Decimal(60), None], "recipient region") == (
            "Chaque région bénéficiaire doit avoir un pourcentage lorsqu'il y en a plusieurs."
        )
        assert percentage_total_error([Decimal("60.5"), Decimal(30)], "recipient country") == (
            "Les pourcentages des pays bénéficiaires totalisent 90,5 ; ils doivent totaliser 100."
        )
        assert sector_total_errors([("2", Decimal(50)), ("2", Decimal(40))]) == [
            "Les pourcentages des secteurs du vocabulaire 2 totalisent 90 ; ils doivent "
            "totaliser 100."
        ]


def test_a_refused_document_is_explained_in_the_readers_language():
    upload = SimpleUploadedFile("notes.exe", b"MZ\x90\x00binary")
    with translation.override("pt"), pytest.raises(ValidationError) as refused:
        check_upload(upload)
    assert refused.value.messages[0].startswith(
        "notes.exe: os ficheiros .exe não são aceites; esperava-se um de .csv, .doc"
    )


def test_an_activity_not_ready_for_review_is_refused_in_the_readers_language(personas):
    activity = make_activity(personas)
    activity.pillars.clear()
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        workflow.submit(activity, personas.kenyan_focal_point)
    assert refused.value.message_dict["pillars"] == [
        "Choisissez au moins un pilier avant de la soumettre."
    ]


@pytest.mark.parametrize(
    ("move", "state", "french"),
    [
        ("submit", WorkflowState.DRAFT, "L'activité est soumise pour vérification."),
        ("approve", WorkflowState.SUBMITTED, "L'activité est approuvée."),
        ("archive", WorkflowState.APPROVED, "L'activité est archivée."),
    ],
)
def test_a_move_made_on_the_page_is_confirmed_in_a_sentence_of_the_readers_language(
    client, personas, move, state, french
):
    activity = make_activity(personas, state=state)
    who = personas.kenyan_focal_point if move == "submit" else personas.secretariat
    client.force_login(who)
    page = client.post(
        f"/activities/{activity.pk}/{move}/",
        {"version": activity.version},
        HTTP_ACCEPT_LANGUAGE="fr",
        follow=True,
    ).content.decode()
    assert french.replace("'", "&#x27;") in page


def test_an_activity_one_may_not_see_is_not_found_in_the_readers_language(client, personas):
    hidden = make_activity(personas)  # a draft of another organisation
    client.force_login(personas.chinese_focal_point)
    answer = client.get(f"/api/v1/activities/{hidden.pk}", HTTP_ACCEPT_LANGUAGE="fr")
    assert answer.status_code == 404
    assert answer.json()["detail"] == "Introuvable."


def test_the_admin_names_our_apps_and_actions_in_the_readers_language(client, personas):
    from accounts.models import User

    admin = User.objects.create_superuser("root", "", "pw")
    client.force_login(admin)
    index = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Registre des talents" in index and "Comptes" in index and "Participants" in index
    memberships_page = client.get(
        "/admin/participants/membership/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Approuver les adhésions sélectionnées" in memberships_page


def test_a_membership_is_named_in_the_readers_language(personas):
    membership = personas.kenyan_ministry.memberships.get(plan=personas.plan)
    with translation.override("pt"):
        assert str(membership) == (f"{personas.kenyan_ministry.name} em {personas.plan} (Aprovada)")
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        memberships.approve(membership, personas.secretariat)
    assert refused.value.messages == ["Cette adhésion est déjà approuvée."]


def test_records_are_named_in_the_readers_language_in_the_admin():
    import uuid

    from talent.models import Certificate, Person

    person = Person(ref=uuid.UUID("12345678-1234-5678-1234-567812345678"))
    with translation.override("fr"):
        assert str(person) == "Stagiaire 12345678"
        assert str(Certificate(code="abcdef123456")) == "Certificat abcdef…"
    with translation.override("pt"):
        assert str(person) == "Formando 12345678"


def test_a_stale_api_update_is_refused_in_the_readers_language(client, personas):
    from accounts.tokens import create_token

    _t, clear = create_token(personas.kenyan_focal_point, "tests")
    activity = make_activity(personas)
    stale = client.patch(
        f"/api/v1/activities/{activity.pk}",
        {"version": activity.version - 1 or 99, "title": {"en": "Theirs"}},
        "application/json",
        HTTP_AUTHORIZATION=f"Bearer {clear}",
        HTTP_ACCEPT_LANGUAGE="pt",
    )
    assert stale.status_code == 409
    assert stale.json()["detail"] == (
        f"Esta atividade foi alterada por outra pessoa (agora versão {activity.version}); "
        "leia-a de novo e faça a alteração outra vez."
    )


def test_a_milestone_stage_is_named_in_one_sentence_of_the_readers_language(personas):
    import datetime as dt

    from plans.models import MilestoneEvent

    event = MilestoneEvent(
        target=personas.plan.targets.get(code="security-lab"),
        stage="explored",
        reached_on=dt.date(2025, 3, 4),
        evidence=make_activity(personas),
    )
    with translation.override("fr"):
        assert str(event) == "security-lab : Exploré le 4 mars 2025"
    with translation.override("pt"):
        assert str(event) == "security-lab: Estudado em 4 de março de 2025"


def test_a_stale_version_reads_in_the_language_it_is_shown_in_not_the_one_it_was_raised_in():
    from activities.services import StaleVersion

    with translation.override("en"):
        refusal = StaleVersion(3)
    with translation.override("fr"):
        assert str(refusal) == (
            "Cette activité a été modifiée par quelqu’un d’autre depuis que vous l’avez ouverte "
            "(maintenant version 3) ; rien n’a été enregistré. Rechargez la page et refaites "
            "votre modification."
        )
    with translation.override("ar"):
        assert "3" in str(refusal) and "activity" not in str(refusal)


def test_trainee_matching_records_and_muted_notices_are_named_in_the_readers_language(personas):
    from talent.models import MatchKey, PossibleDuplicate
    from workspace.models import MutedKind

    pair = PossibleDuplicate(first_id=3, second_id=7, score=0.875)
    muted = MutedKind(
        user=personas.kenyan_focal_point, kind=MutedKind._meta.get_field("kind").choices[0][0]
    )
    with translation.override("fr"):
        assert str(pair) == ("Doublon possible : fiches de stagiaire 3 et 7 (score 0,88)")
        assert str(MatchKey(person_id=3)) == "Clé de rapprochement de la fiche de stagiaire 3"
        assert str(muted).startswith(f"{personas.kenyan_focal_point} a désactivé « ")


def test_an_imports_history_note_reads_in_the_readers_language_and_a_persons_as_written(
    client, personas
):
    from activities import history
    from activities.services import import_comment

    activity = make_activity(personas, state=WorkflowState.APPROVED)
    history.record(
        activity, personas.secretariat, "imported", {}, comment=import_comment("acts.csv")
    )
    history.record(
        activity,
        personas.secretariat,
        "approved",
        {},
        comment="Checked against the signed agreement.",
    )
    client.force_login(personas.secretariat)
    page = client.get(
        f"/activities/{activity.pk}/history/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Importé depuis acts.csv" in page
    assert "Imported from acts.csv" not in page
    assert "Checked against the signed agreement." in page  # a person's words stay theirs
