"""Certification tracking in the demo: an officer reports the steps of the certificate a request
opened, up to certified with its number and validity, then the certificate and its reminder
schedule are shown as intake serves them. Standard library only.

Called from scripts/demo_data.py once a request with a target standard was submitted.
"""
import datetime, json, sys, time, urllib.error, urllib.request

def _call(api, method, path, token, body=None):
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    request = urllib.request.Request(api + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        sys.exit(f"{method} {path} answered {error.code}: {error.read().decode()}")

def _wait(what, timeout, probe):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = probe()
        if value is not None:
            return value
        time.sleep(0.3)
    sys.exit(f"timed out waiting for {what}")

def demo(api, officer_token, request_id, timeout=60):
    """Walks the request's certificate to certified and prints it with its reminder schedule.

    The certificate is the one the request's `certification.planned` names: one per enterprise ×
    product × standard, so a later run's request links to the certificate an earlier run already
    brought to certified, which is then shown as it is."""
    def planned():
        timeline = _call(api, "GET", f"/v1/requests/{request_id}", officer_token)[2].get("timeline", [])
        return next((entry["summary"]["certificateId"] for entry in timeline
                     if entry["type"] == "th.otop.certification.planned.v1"), None)
    cid = _wait("the request's certificate", timeout, planned)
    certificate = _call(api, "GET", f"/v1/certificates/{cid}", officer_token)[2]
    print(f"\n=== certification: {certificate['standardNameTH']} ({certificate['standard']}) for "
          f"{certificate.get('productName') or 'the premises'}, state {certificate['state']} ===")
    today = datetime.date.today()
    issued = {"step": "certified", "number": f"มผช. {today.day}{today.month:02d}/{today.year + 543}",
              "validFrom": today.isoformat(),
              "validUntil": (today.replace(year=today.year + 3) - datetime.timedelta(days=1)).isoformat()}
    reports = [] if certificate["state"] == "certified" else [{"step": step} for step in certificate["steps"]] + [issued]
    if not reports:
        print("  already certified (an earlier demo run reported its steps): the request is linked to it")
    for body in reports:
        _, headers, answer = _call(api, "POST", f"/v1/certificates/{cid}/steps", officer_token, body)
        location = headers.get("Location") or headers.get("location")
        outcome = _wait(f"the outcome of step {body['step']}", timeout, lambda: (
            lambda report: None if report["outcome"] == "pending" else report)(_call(api, "GET", location, officer_token)[2]))
        reason = f" ({outcome['reason']})" if outcome.get("reason") else ""
        print(f"  reported {body['step']:<15} → {outcome['outcome']}{reason}")
    view = _wait("the certified certificate", timeout, lambda: (
        lambda c: c if c["state"] == "certified" else None)(_call(api, "GET", f"/v1/certificates/{cid}", officer_token)[2]))
    print(f"\n=== GET /v1/certificates/{cid} ===")
    print(f"  {view['standardNameTH']} เลขที่ {view['number']}  ({view['stateNameTH']})")
    print(f"  valid {view['validFrom']} – {view['validUntil']}; renewal due {view.get('renewalDueOn') or '-'}; "
          f"next surveillance audit {view.get('nextSurveillanceDue') or '-'}")
    print("  reminder schedule:")
    for reminder in view.get("reminders", []):
        sent = f"sent {reminder['sentAt']}" if reminder.get("sentAt") else "to come"
        print(f"    {reminder['on']}  {reminder['kind']:<12} {reminder['daysBefore']:>3} days before {reminder['dueDate']}  ({sent})")
    return view
