"""The coupon journey played to the end through intake's API, for the demo (scripts/demo_data.py).

After a request was proposed: an officer sets the region's coupon budget, the proposed provider
accepts, the enterprise confirms, the provider reports the work, the enterprise confirms completion
and rates it with its income before and after. Each step is a command intake publishes; matching
applies it and the request's timeline shows the outcome. Standard library only.
"""
import json, time, urllib.error, urllib.request

def _call(api, method, path, token, body=None, headers=None):
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    req = urllib.request.Request(api + path, data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    for name, value in (headers or {}).items():
        req.add_header(name, value)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as e:
        raise SystemExit(f"{method} {path} answered {e.code}: {e.read().decode()}")

def _wait(what, timeout, probe):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.3)
    raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")

def _status(api, token, request_id, wanted, timeout):
    return _wait(f"the request to be {wanted}", timeout,
                 lambda: (lambda v: v if v["status"] == wanted else None)(_call(api, "GET", f"/v1/requests/{request_id}", token)[1]))

def play_journey(api, officer_token, enterprise_token, provider_tokens, request, fiscal_year, region, timeout=60):
    """Plays `request` (the answer of POST /v1/requests) from its proposal to a rating and prints each step.
    `provider_tokens` maps each demo provider's id to its API client's token."""
    rid = request["id"]
    print(f"\n=== the coupon journey of {request['reference']} ===")
    # The region's first budget is created with If-None-Match: *; once it exists (the demo run
    # before), If-Match: * changes it whatever it was (the demo is the only one setting it).
    known = any(b["region"] == region and b.get("set", True)
                for b in _call(api, "GET", f"/v1/budgets?fiscalYear={fiscal_year}", officer_token)[1]["items"])
    _call(api, "PUT", f"/v1/budgets/{fiscal_year}/{region}", officer_token, {"amountBaht": 24_000_000},
          headers={"If-Match": "*"} if known else {"If-None-Match": "*"})
    print(f"officer: coupon budget {region} FY{fiscal_year} set to 24,000,000 baht")

    proposal = _wait("the proposal", timeout, lambda: next(iter(
        _call(api, "GET", f"/v1/proposals?requestId={rid}&status=pending", enterprise_token)[1]["items"]), None))
    provider_token = provider_tokens[proposal["providerId"]]
    explained = ", ".join(f"{c['criterion']} {c['points']}/{c['weight']}" for c in proposal["score"]["criteria"])
    print(f"matching: proposed provider {proposal['providerId']} (score {proposal['score']['total']}: {explained})")

    steps = [
        ("provider accepts", "POST", f"/v1/proposals/{proposal['id']}/accept", provider_token, None, "accepted"),
        ("enterprise confirms the provider", "POST", f"/v1/proposals/{proposal['id']}/confirm", enterprise_token, None, "assigned"),
        ("provider reports the work done", "POST", f"/v1/requests/{rid}/work-report", provider_token,
         {"summary": "ออกแบบบรรจุภัณฑ์สุญญากาศ ทดสอบอายุการเก็บ 6 เดือน และยื่นคำขอ มผช. แล้ว", "standardApplied": "tcps"},
         "workReported"),
        ("enterprise confirms completion", "POST", f"/v1/requests/{rid}/completion", enterprise_token, None, "completed"),
    ]
    for label, method, path, token, body, status in steps:
        code, _ = _call(api, method, path, token, body)
        _status(api, enterprise_token, rid, status, timeout)
        print(f"{label}: HTTP {code} → status {status}")
    code, _ = _call(api, "POST", f"/v1/requests/{rid}/rating", enterprise_token,
                    {"rating": 5, "comment": "ยอดขายเพิ่มขึ้นหลังเปลี่ยนบรรจุภัณฑ์",
                     "monthlyIncomeBeforeBaht": 45_000, "monthlyIncomeAfterBaht": 52_000})
    view = _wait("the rating on the timeline", timeout, lambda: (lambda v: v if any(
        t["type"] == "th.otop.match.rated.v1" for t in v["timeline"]) else None)(
        _call(api, "GET", f"/v1/requests/{rid}", enterprise_token)[1]))
    print(f"enterprise rates the work 5/5 (income 45,000 → 52,000 baht a month): HTTP {code}")

    budget = _wait("the spent coupon in the budget", timeout, lambda: next(
        (b for b in _call(api, "GET", f"/v1/budgets?fiscalYear={fiscal_year}", officer_token)[1]["items"]
         if b["region"] == region and b["spentBaht"] > 0), None))
    print(f"budget {region} FY{fiscal_year}: allocated {budget['allocatedBaht']:,} · held {budget['heldBaht']:,} · "
          f"committed {budget['committedBaht']:,} · spent {budget['spentBaht']:,} · available {budget['availableBaht']:,} baht")

    print(f"\n=== GET /v1/requests/{rid} (as the enterprise): status {view['status']} ===")
    for t in view["timeline"]:
        summary = ", ".join(f"{k}={v}" for k, v in sorted(t["summary"].items()) if k not in ("summary",))
        print(f"  {t['at']}  {t['source']:<20} {t['type']:<40} {summary}")
