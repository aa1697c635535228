"""The activity form helps: a summary of every error at the top, each linking to its field,
and child rows that the page's script can add (the formset's empty row travels as a template)."""

from __future__ import annotations

import re

import pytest

from activities.forms import CHILD_FORMS
from activities.tests.test_pages import new_activity_data

pytestmark = pytest.mark.django_db


def summary_links(page: str) -> dict[str, str]:
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    return dict(re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary))


def test_every_error_is_listed_at_the_top_with_a_link_to_an_element_of_the_page(client, personas):
    client.force_login(personas.kenyan_focal_point)
    data = new_activity_data(
        personas,
        **{"a-iati_identifier": "", "budgets-0-value": "", "budgets-0-period_end": ""},
    )
    response = client.post("/activities/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    links = summary_links(page)
    assert links == {
        "id_a-iati_identifier": "IATI identifier: This field is required.",
        "id_budgets-0-period_end": "Budgets, row 1: Period end: This field is required.",
        "id_budgets-0-value": "Budgets, row 1: Value: This field is required.",
    }
    for target in links:
        assert f'id="{target}"' in page
    assert page.index('id="error-summary"') < page.index('enctype="multipart/form-data"')


def test_errors_found_by_the_services_are_summarised_too(client, personas):
    client.force_login(personas.kenyan_focal_point)
    data = new_activity_data(personas, **{"recipient_countries-0-percentage": "70"})
    page = client.post("/activities/new/", data).content.decode()
    links = summary_links(page)
    assert list(links) == ["recipient_countries"]
    assert "add up to 70" in links["recipient_countries"]
    assert 'id="recipient_countries"' in page


def test_a_page_without_errors_has_no_summary(client, personas):
    client.force_login(personas.kenyan_focal_point)
    assert "error-summary" not in client.get("/activities/new/").content.decode()


def test_the_empty_row_template_and_script_are_served_without_inline_code(client, personas):
    client.force_login(personas.kenyan_focal_point)
    response = client.get("/activities/new/")
    page = response.content.decode()
    assert page.count('<template class="empty-row">') == len(CHILD_FORMS)
    template = page.split('<template class="empty-row">')[1].split("</template>")[0]
    assert 'name="recipient_countries-__prefix__-country"' in template
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/js/rows.js" defer>']
    assert "script-src 'self'" in response["Content-Security-Policy"]
