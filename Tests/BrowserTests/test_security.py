"""CSRF on forms, regional scope by typed URL, and what intake accepts of the portal's tokens."""
import json

from playwright.sync_api import expect

from system import Problem
from tokens import new_key, portal_token


def screening_path(request):
    return f"/requests/{request['id']}/screening"


def test_a_form_without_its_csrf_token_is_refused(portal, programme, accounts):
    portal.sign_in(accounts.central, accounts.password)
    request = programme.bangkok_request
    portal.open(f"/requests/{request['id']}")
    # The same browser (its session cookie goes along) posts the screening form without `_csrf`.
    answer = portal.page.request.post(portal.url(screening_path(request)), form={"eligible": "false", "reason": "ไม่มี token"},
                                      max_redirects=0)
    assert answer.status == 403
    assert "แบบฟอร์มหมดอายุหรือไม่ได้มาจากหน้านี้" in answer.text()
    assert programme.get(f"/v1/requests/{request['id']}")["status"] == "awaitingScreening"


def test_a_form_with_another_sessions_csrf_token_is_refused(portal, second_portal, programme, accounts):
    portal.sign_in(accounts.central, accounts.password)
    second_portal.sign_in(accounts.national, accounts.password)
    foreign = second_portal.csrf()
    assert foreign and foreign != portal.csrf()
    request = programme.bangkok_request
    answer = portal.page.request.post(portal.url(screening_path(request)),
                                      form={"_csrf": foreign, "eligible": "false", "reason": "token ของคนอื่น"}, max_redirects=0)
    assert answer.status == 403
    assert programme.get(f"/v1/requests/{request['id']}")["status"] == "awaitingScreening"


def test_a_north_officer_cannot_read_or_change_a_bangkok_request_by_typed_url(portal, second_portal, programme, accounts):
    request = programme.bangkok_request
    # A central officer (Bangkok is in the central region) reads it: the page exists.
    second_portal.sign_in(accounts.central, accounts.password)
    assert second_portal.open(f"/requests/{request['id']}").status == 200
    expect(second_portal.page.locator("h1")).to_contain_text(request["reference"])
    # The north officer types the same address: intake answers 404 for another region, so does the page.
    portal.sign_in(accounts.north, accounts.password)
    response = portal.open(f"/requests/{request['id']}")
    assert response.status == 404
    expect(portal.page.locator("h1")).to_have_text("ไม่พบข้อมูล (หรืออยู่นอกภูมิภาคของท่าน)")
    assert request["reference"] not in portal.page.content()
    # A well-formed screening post with the north officer's own token changes nothing either.
    answer = portal.page.request.post(portal.url(screening_path(request)),
                                      form={"_csrf": portal.csrf(), "eligible": "false", "reason": "นอกภูมิภาค"}, max_redirects=0)
    assert answer.status == 404
    assert programme.get(f"/v1/requests/{request['id']}")["status"] == "awaitingScreening"


def intake_answer(system, token):
    try:
        return system.call("GET", "/v1/requests?limit=1", token)[0], None
    except Problem as problem:
        return problem.status, json.loads(problem.body)


def test_intake_refuses_an_expired_portal_token_and_one_signed_by_another_key(system, tmp_path):
    subject = "3f0c4a57-7a8e-4d0e-9d6a-3e1b2c4d5e6f"
    # The portal's own key, its kid, a fresh token: accepted (the control).
    fresh = portal_token(system.key_path, system.key_id, subject, region="north")
    assert intake_answer(system, fresh) == (200, None)
    # The same key, but the token expired ten minutes ago (beyond intake's 30 s leeway).
    import time
    expired = portal_token(system.key_path, system.key_id, subject, region="north", issued=time.time() - 900)
    status, problem = intake_answer(system, expired)
    assert status == 401
    assert "expired" in problem["detail"]
    # Signed by another key under the portal's kid.
    other = portal_token(new_key(tmp_path / "other.pem"), system.key_id, subject, region="north")
    status, problem = intake_answer(system, other)
    assert status == 401
    assert "signature" in problem["detail"]
    assert other not in json.dumps(problem) and expired not in json.dumps(problem), "the token is never echoed"
