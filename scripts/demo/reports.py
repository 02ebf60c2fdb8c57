"""The ministry's reports in the demo (scripts/demo_data.py): an officer imports the programme's past
years (scripts/demo/history.csv, FY2560–FY2569, written by history_data.py), then the ministry's
read-only client reads the cumulative report since FY2560 (GET /v1/reports/served), live records
and the imported history together, and finds that it may change nothing. On a second run every
historical coupon is unchanged. Standard library only.
"""
import json
import urllib.error
import urllib.request

from demo.csv_import import SAMPLES, _post_csv, _summary


def _status(api, method, path, token):
    req = urllib.request.Request(api + path, data=b"{}" if method != "GET" else None, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    req.add_header("Content-Type", "application/json")
    req.add_header("Accept-Language", "en")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def _figure(figure):
    return f"{figure['total']:,} (live {figure['live']:,}, imported {figure['imported']:,})"


def show(call, api, officer_token, ministry_token):
    """Imports the history as `officer_token`, then prints the cumulative report as `ministry_token`."""
    print("\n=== the programme's history (POST /v1/imports/history) ===")
    report = _post_csv(api, officer_token, "/v1/imports/history", (SAMPLES / "history.csv").read_bytes())
    print(f"history.csv, imported: {_summary(report)} (coupons of FY2560–FY2569; nothing published)")
    for problem in report["problems"]:
        print(f"  row {problem['row']} {problem.get('column') or ''}: {problem['detail']}")

    _, served = call(api, "GET", "/v1/reports/served?by=region", ministry_token)
    total = served["total"]
    print(f"\n=== GET /v1/reports/served?by=region (as the ministry): {served['period']['labelTH']} ===")
    print(f"  since FY2560: {total['establishments']['total']:,} establishments served · "
          f"{total['coupons']['total']:,} coupons · {total['couponBaht']['total']:,} baht")
    print(f"  establishments {_figure(total['establishments'])}: one served both live and in the history counts once")
    print(f"  coupons {_figure(total['coupons'])} · completed {total['completed']['total']:,} · "
          f"certificates obtained {total['certificatesObtained']['total']:,}")
    for entry in served["byKey"]:
        figures = entry["figures"]
        print(f"  {entry['labelTH']}: {figures['establishments']['total']:,} establishments, "
              f"{figures['coupons']['total']:,} coupons, {figures['couponBaht']['total']:,} baht")
    _, years = call(api, "GET", "/v1/reports/served?per=fiscalYear", ministry_token)
    print("  per fiscal year (establishments): " + " · ".join(
        f"{part['fiscalYear']} {part['total']['establishments']['total']}" for part in years["parts"]))
    status, problem = _status(api, "POST", "/v1/imports/history", ministry_token)
    print(f"  the ministry may read, not write: POST /v1/imports/history → HTTP {status}: {problem.get('detail')}")
