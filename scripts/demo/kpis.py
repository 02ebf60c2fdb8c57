"""Programme and certificate KPIs in the demo: what an officer's dashboard shows after the journey,
from GET /v1/kpis/programme and GET /v1/kpis/certificates (the CSV of each is one Accept header
away). Standard library only.

Called from scripts/demo_data.py at the end, with its `call` (method, path, token → status, JSON).
"""


def show(call, api, officer_token, fiscal_year):
    """Prints the fiscal year's headline figures for the whole country and per region with requests."""
    _, programme = call(api, "GET", f"/v1/kpis/programme?fiscalYear={fiscal_year}", officer_token)
    _, certificates = call(api, "GET", f"/v1/kpis/certificates?fiscalYear={fiscal_year}", officer_token)
    total = programme["total"]
    print(f"\n=== GET /v1/kpis/programme?fiscalYear={fiscal_year} ({programme['from']} – {programme['until']}) ===")
    print(f"  requests {total['requestsReceived']} · matched {total['matched']} · assigned {total['assigned']} · "
          f"completed {total['completed']} · establishments served {total['establishmentsServed']}")
    days = total.get("medianDaysToAssignment")
    print(f"  median days to assignment {days if days is not None else '-'} · ratings {total['rated']} "
          f"(mean {total.get('meanRating') or '-'}) · income +10 % or more: {total['incomeIncreasedTenPercent']} "
          f"of {total['incomeReported']} enterprises reporting")
    for region in programme["byRegion"]:
        if region["requestsReceived"] or region.get("couponCommittedBaht"):
            print(f"  {region['regionNameTH']}: requests {region['requestsReceived']}, assigned {region['assigned']}, "
                  f"coupon committed {region.get('couponCommittedBaht') or 0:,} / spent {region.get('couponSpentBaht') or 0:,} baht")
    obtained = certificates["total"]
    print(f"=== GET /v1/kpis/certificates?fiscalYear={fiscal_year}: obtained {obtained['obtained']} · "
          f"renewals {obtained['renewals']} · expiring within 90 days {obtained['expiringWithin90Days']} ===")
