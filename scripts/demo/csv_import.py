"""Bulk CSV import for the demo (scripts/demo_data.py): an officer imports the sample providers and
enterprises in scripts/demo (Thai headers, UTF-8 with a BOM as Excel's "CSV UTF-8" writes them), first
as a dry run, then for real, and prints the import reports. On a second run every row is unchanged:
importing the same file again changes nothing. Standard library only.
"""
import json, sys, urllib.error, urllib.request
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent

def _post_csv(api, token, path, body):
    req = urllib.request.Request(api + path, data=body, method="POST")
    req.add_header("Authorization", f"Bearer {token}")
    req.add_header("Content-Type", "text/csv")
    req.add_header("Accept-Language", "th")
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return json.loads(resp.read())
    except urllib.error.HTTPError as e:
        sys.exit(f"POST {path} answered {e.code}: {e.read().decode()}")

def _summary(report):
    s = report["summary"]
    return (f"{report['rows']} rows: created {s['created']}, updated {s['updated']}, "
            f"unchanged {s['unchanged']}, failed {s['failed']}")

def import_samples(api, officer_token):
    """Imports scripts/demo/providers.csv and enterprises.csv as `officer_token` and prints what happened."""
    print("\n=== bulk CSV import (POST /v1/imports/...) ===")
    for kind in ("providers", "enterprises"):
        body = (SAMPLES / f"{kind}.csv").read_bytes()
        dry = _post_csv(api, officer_token, f"/v1/imports/{kind}?dryRun=true", body)
        print(f"{kind}.csv, dry run: {_summary(dry)}")
        report = _post_csv(api, officer_token, f"/v1/imports/{kind}", body)
        print(f"{kind}.csv, imported: {_summary(report)}")
        for problem in report["problems"]:
            print(f"  row {problem['row']} {problem.get('column') or ''}: {problem['detail']}")
        for result in report["results"][:3]:
            rows = ",".join(str(r) for r in result["rows"])
            print(f"  rows {rows}: {result['outcome']:<9} {result.get('name', '')}")
