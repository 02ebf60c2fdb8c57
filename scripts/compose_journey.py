#!/usr/bin/env python3
"""One request through the whole system running in containers (scripts/compose_e2e.sh), through
intake's published port only, and its e-mails read from the mail catcher's Mailpit API.

The operator (token from INTAKE_OPERATOR_TOKEN) creates an officer client; the officer registers
the demo's Chiang Mai provider and enterprise (scripts/demo_data.py); the operator creates their
clients; the enterprise submits a request; the e-mails 'request-received' (to the enterprise) and
'proposal-to-provider' (to the provider) must arrive at the mail catcher; then the coupon journey
is played to the end as the demo plays it (scripts/demo/journey.py: budget, the provider accepts,
the enterprise confirms, work reported, completion confirmed, rating, the coupon spent).
Exits non-zero, naming the step, when anything fails or times out. Standard library only.
"""
import argparse, email, email.policy, json, os, time, urllib.request

from demo.journey import play_journey
from demo_data import ENTERPRISES, PROVIDERS, call


def mail_api(mail, path):
    with urllib.request.urlopen(mail + path, timeout=30) as answer:
        return answer.read()


def find_mail(mail, reference, template, address, deadline):
    """The first message at the mail catcher for this request and template sent to `address`."""
    seen = set()
    while time.time() < deadline:
        for listed in json.loads(mail_api(mail, "/api/v1/messages"))["messages"]:
            if listed["ID"] in seen or not any(to["Address"] == address for to in listed["To"]):
                continue
            seen.add(listed["ID"])
            message = email.message_from_bytes(mail_api(mail, f"/api/v1/message/{listed['ID']}/raw"),
                                               policy=email.policy.default)
            if message.get("X-OTOP-Request") == reference and message.get("X-OTOP-Template") == template:
                return message
        time.sleep(0.5)
    raise SystemExit(f"no '{template}' e-mail for {reference} to {address} reached the mail catcher in time")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True, help="intake's published address, e.g. http://127.0.0.1:28080")
    parser.add_argument("--mail", required=True, help="the mail catcher's API, e.g. http://127.0.0.1:28025")
    parser.add_argument("--timeout", type=float, default=240, help="seconds each wait may take")
    args = parser.parse_args()
    operator = os.environ["INTAKE_OPERATOR_TOKEN"]
    provider, enterprise = PROVIDERS[0], ENTERPRISES[0]

    _, officer = call(args.api, "POST", "/v1/api-clients", operator, {"name": "เจ้าหน้าที่โครงการ (compose e2e)", "role": "officer"})
    _, registered = call(args.api, "POST", "/v1/providers", officer["token"], provider)
    print(f"provider registered: {registered['name']}")
    provider_id = registered["id"]
    _, registered = call(args.api, "POST", "/v1/enterprises", officer["token"], enterprise)
    print(f"enterprise registered: {registered['name']} ({registered['provinceCode']})")
    enterprise_id, product_id = registered["id"], registered["products"][0]["id"]
    _, enterprise_client = call(args.api, "POST", "/v1/api-clients", operator,
                                {"name": "วิสาหกิจ (compose e2e)", "role": "enterprise", "enterpriseId": enterprise_id})
    _, provider_client = call(args.api, "POST", "/v1/api-clients", operator,
                              {"name": "ผู้ให้บริการ (compose e2e)", "role": "provider", "providerId": provider_id})

    status, submitted = call(args.api, "POST", "/v1/requests", enterprise_client["token"], {
        "productId": product_id, "serviceAreas": ["packagingDesign", "standardsSystem"], "targetStandard": "tcps",
        "description": "ต้องการยืดอายุการเก็บรักษาน้ำพริกหนุ่มเป็น 6 เดือน ออกแบบบรรจุภัณฑ์ใหม่ และยื่นขอ มผช."},
        headers={"Idempotency-Key": f"compose-e2e-{time.time()}"})
    print(f"request submitted: HTTP {status} {submitted['reference']}")

    deadline = time.time() + args.timeout
    for template, address in [("request-received", enterprise["contacts"][0]["email"]),
                              ("proposal-to-provider", provider["contacts"][0]["email"])]:
        message = find_mail(args.mail, submitted["reference"], template, address, deadline)
        print(f"e-mail at the mail catcher: {template} to {address}: {message['Subject']}")

    _, view = call(args.api, "GET", f"/v1/requests/{submitted['id']}", enterprise_client["token"])
    play_journey(args.api, officer["token"], enterprise_client["token"], {provider_id: provider_client["token"]},
                 submitted, view["fiscalYear"], "north", args.timeout)
    print("\njourney complete: proposed, accepted, assigned, work reported, completed, rated")


if __name__ == "__main__":
    main()
