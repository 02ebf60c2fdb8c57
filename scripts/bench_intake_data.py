#!/usr/bin/env python3
"""Loads what scripts/bench_intake.sh needs through intake's API: providers (so matching has
somewhere to send requests when the pipeline runs), enterprises with one product each, and one
enterprise API client per enterprise. Writes one line per enterprise client to --out:
`<token> <product id>`, which the wrk script turns into valid `POST /v1/requests`.
Standard library only; the operator token comes from INTAKE_OPERATOR_TOKEN.
"""
import argparse, json, os, sys, urllib.error, urllib.request

PROVINCES = ["TH-50", "TH-40", "TH-13", "TH-31", "TH-90", "TH-20", "TH-65", "TH-34"]


def call(api, path, token, body):
    request = urllib.request.Request(api + path, data=json.dumps(body, ensure_ascii=False).encode(), method="POST")
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        sys.exit(f"POST {path} answered {error.code}: {error.read().decode()}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True)
    parser.add_argument("--enterprises", type=int, default=8)
    parser.add_argument("--providers", type=int, default=4)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    operator = os.environ["INTAKE_OPERATOR_TOKEN"]

    officer = call(args.api, "/v1/api-clients", operator, {"name": "bench officer", "role": "officer"})["token"]
    for index in range(args.providers):
        call(args.api, "/v1/providers", officer, {
            "name": f"ศูนย์บริการวิทยาศาสตร์ทดสอบ {index + 1}", "kind": "institute",
            "serviceAreas": ["productionProcess", "packagingDesign", "standardsSystem", "rawMaterialQuality"],
            "productTypes": ["food", "beverage", "herbal", "textile", "household"], "standards": ["tcps", "gmp"],
            "provinceCodes": [PROVINCES[index % len(PROVINCES)]], "regions": ["north", "northeast", "central"],
            "capacity": 10000, "qualified": True,
            "contacts": [{"name": f"ผู้ประสานงาน {index + 1}", "email": f"provider{index + 1}@bench.example",
                          "channels": ["email"]}]})
    lines = []
    for index in range(args.enterprises):
        enterprise = call(args.api, "/v1/enterprises", officer, {
            "name": f"วิสาหกิจชุมชนทดสอบภาระ {index + 1}", "kind": "communityEnterprise",
            "provinceCode": PROVINCES[index % len(PROVINCES)], "district": "เมือง",
            "products": [{"name": f"น้ำพริกสมุนไพรสูตร {index + 1}", "productType": "food", "foodSubgroup": "processedFood",
                          "opcStars": 3, "opcYear": 2565, "quadrant": "B"}],
            "contacts": [{"name": f"ประธานกลุ่ม {index + 1}", "email": f"enterprise{index + 1}@bench.example",
                          "channels": ["email"]}]})
        client = call(args.api, "/v1/api-clients", operator, {
            "name": f"bench enterprise {index + 1}", "role": "enterprise", "enterpriseId": enterprise["id"]})
        lines.append(f"{client['token']} {enterprise['products'][0]['id']}\n")
    with open(args.out, "w") as out:
        out.writelines(lines)


if __name__ == "__main__":
    main()
