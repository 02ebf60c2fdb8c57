"""The notifications part of the demo: one message on all three channels.

Registers the northern officers' office (alerts and the weekly digest go to it), links the Mae Rim
enterprise's contact person to LINE and turns on e-mail, LINE and SMS for her through
`PATCH /v1/contacts/{id}/preferences`, submits a second request, and prints what arrived: the
e-mail in the local mailbox and the LINE push and the SMS that the local stand-ins recorded
(scripts/standins/http_standin.py, started by scripts/infra.sh). Standard library only.
"""
import email
import email.policy
import json
import os
import subprocess
import sys
import time
from pathlib import Path


def _recorded(folder, reference):
    """The first accepted request a stand-in recorded whose text names `reference`."""
    for path in sorted(Path(folder).glob("*.json")) if Path(folder).exists() else []:
        entry = json.loads(path.read_text(encoding="utf-8"))
        body = entry.get("body") or {}
        texts = [m.get("text", "") for m in body.get("messages", [])] or [body.get("text", "")]
        if entry.get("status") == 200 and any(reference in text for text in texts):
            return entry, texts[0]
    return None


def _knows_line(database_url, line_id):
    out = subprocess.run(["psql", database_url, "-Atqc",
                          f"SELECT count(*) FROM notifications.recipients WHERE contacts::text LIKE '%{line_id}%'"],
                         capture_output=True, text=True)
    return out.returncode == 0 and out.stdout.strip() not in ("", "0")


def _office_exists(database_url, name):
    out = subprocess.run(["psql", database_url, "-Atqc",
                          "SELECT count(*) FROM intake.contacts WHERE party_kind = 'officer' AND party_name = '%s'" % name],
                         capture_output=True, text=True)
    return out.returncode == 0 and out.stdout.strip() not in ("", "0")


OFFICE = "สำนักงานโครงการคูปองวิทย์ ภาคเหนือ"


def show(call, api, operator, officer_token, enterprise, enterprise_token, maildir, timeout=60,
         database_url=os.environ.get("DATABASE_URL", "")):
    if not os.environ.get("OTOP_STANDINS"):
        # Without the LINE and SMS stand-ins (scripts/run.sh starts them) there is nothing to show.
        print("\n(notifications on LINE and SMS not shown: OTOP_STANDINS is not set; scripts/run.sh sets it)")
        return
    standins = Path(os.environ["OTOP_STANDINS"])
    print("\n=== notifications: one message on e-mail, LINE and SMS ===")
    if database_url and _office_exists(database_url, OFFICE):
        print(f"officers' office already registered for the north: {OFFICE}")
    else:
        _, office = call(api, "POST", "/v1/officer-contacts", officer_token, {
            "name": OFFICE, "region": "north",
            "contacts": [{"name": "คุณวิชัย แก้วมา", "email": "north-office@otop-sti.example", "phone": "053-123-456",
                          "lineUserId": "U-demo-north-office", "channels": ["line", "email"]}]})
        print(f"officers' office registered for the north: {office['partyName']} (alerts, weekly digest)")
    line_id = f"U-demo-maerim-{int(time.time())}"
    _, contacts = call(api, "PATCH", f"/v1/contacts/{enterprise['id']}/preferences", enterprise_token,
                       {"channels": ["email", "line", "sms"], "lineUserId": line_id}, headers={"If-Match": "*"})
    person = contacts["contacts"][0]
    print(f"{person['name']} linked LINE and now takes: {', '.join(person['channels'])}")
    deadline = time.time() + timeout
    while database_url and not _knows_line(database_url, line_id) and time.time() < deadline:
        time.sleep(0.2)
    _, submitted = call(api, "POST", "/v1/requests", enterprise_token, {
        "productId": enterprise["products"][0]["id"], "serviceAreas": ["productionProcess"],
        "description": "ต้องการปรับปรุงกระบวนการผลิตให้ได้มาตรฐาน GMP"},
        headers={"Idempotency-Key": f"demo-notifications-{time.time()}"})
    reference = submitted["reference"]
    print(f"second request submitted: {reference}")

    mail = line = sms = None
    while time.time() < deadline and not (mail and line and sms):
        if mail is None:
            for f in sorted((Path(maildir) / "new").glob("*")):
                msg = email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
                # Other runs share the mailbox (and references restart per database): match the address too.
                if msg.get("X-OTOP-Request") == reference and msg.get("X-OTOP-Template") == "request-received" \
                        and person["email"] in str(msg.get("To")):
                    mail = msg
                    break
        line = line or _recorded(standins / "line", reference)
        sms = sms or _recorded(standins / "sms", reference)
        time.sleep(0.2)
    if mail is None or line is None or sms is None:
        missing = [name for name, got in [("e-mail", mail), ("LINE", line), ("SMS", sms)] if got is None]
        sys.exit(f"no request-received {', '.join(missing)} for {reference} within {timeout:.0f} s")
    print(f"\n--- e-mail (SMTP, .local/mail/new) ---\nTo: {mail['To']}\nSubject: {mail['Subject']}")
    print(mail.get_body(preferencelist=("plain",)).get_content().strip().splitlines()[2])
    entry, text = line
    print(f"\n--- LINE push (stand-in, {standins / 'line'}) ---\nPOST {entry['path']}  to={entry['body']['to']}  "
          f"X-Line-Retry-Key={entry['key']}\n{text}")
    entry, text = sms
    print(f"\n--- SMS (stand-in gateway, {standins / 'sms'}) ---\nPOST {entry['path']}  to={entry['body']['to']}  "
          f"sender={entry['body']['sender']}\n{text}")
