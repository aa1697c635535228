"""Run by test_concurrent_linking in separate processes: ``import`` one sheet for a provider,
or print ``people``, each record's label (its e-mail or ID) grouped by the person it counts as.

    python -m talent.tests.concurrent_import import PROGRAMME PROVIDER SHEET.csv
    python -m talent.tests.concurrent_import people
"""

from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digicoop.settings")
    import django

    django.setup()
    from participants.models import Organisation
    from talent.identity import reveal
    from talent.models import Person, Programme
    from talent.sheets import import_sheet

    if argv[0] == "import":
        programme = Programme.objects.get(pk=int(argv[1]))
        provider = Organisation.objects.get(pk=int(argv[2]))
        with open(argv[3], "rb") as sheet:
            report = import_sheet(programme, provider, sheet.read(), "sheet.csv")
        print(json.dumps({"imported": report.imported, "refused": report.refused}))
    else:
        groups: dict[int, list[str]] = {}
        for person in Person.objects.all():
            data = reveal(person)
            groups.setdefault(person.talent_id, []).append(data.email or data.id_number)
        print(json.dumps(sorted(sorted(g) for g in groups.values())))


if __name__ == "__main__":
    main(sys.argv[1:])
