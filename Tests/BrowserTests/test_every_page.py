"""Every page kind, in Thai and in English, answers 200 and passes axe (no serious or critical
violation): an officer's pages with the programme's data in them, and the operator's."""
import pytest

from test_programme import fiscal_year


def officer_pages(programme):
    return ["/queues", "/requests", "/requests?status=awaitingScreening", f"/requests/{programme.bangkok_request['id']}",
            "/enterprises", "/enterprises/new", f"/enterprises/{programme.bangkok_enterprise['id']}",
            "/providers", "/providers/new", "/providers?qualified=false", f"/providers/{programme.north_provider['id']}",
            "/search?q=" + "ขนมชั้น", f"/budgets?fiscalYear={fiscal_year()}", f"/budgets/{fiscal_year()}/central", "/rounds",
            f"/dashboard?fiscalYear={fiscal_year()}", "/imports", "/account"]


OPERATOR_PAGES = ["/operations", "/operations/accounts", "/operations/api-keys", "/budgets", "/rounds", "/dashboard", "/account"]


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_officer_page_answers_and_passes_axe(portal, programme, accounts, language):
    portal.sign_in(accounts.national, accounts.password)
    portal.open(f"/language/{language}?next=/queues")
    for path in officer_pages(programme):
        response = portal.open(path)
        assert response.status == 200, f"{path}: {response.status}"
        assert portal.page.evaluate("document.documentElement.lang") == language


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_operator_page_answers_and_passes_axe(portal, accounts, language):
    portal.sign_in(accounts.operator, accounts.password)
    portal.open(f"/language/{language}?next=/operations")
    for path in OPERATOR_PAGES:
        response = portal.open(path)
        assert response.status == 200, f"{path}: {response.status}"
