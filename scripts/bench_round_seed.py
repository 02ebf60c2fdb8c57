#!/usr/bin/env python3
"""Seeds matching's schema for the allocation-round benchmark (scripts/bench_round.sh): qualified
providers across the 77 provinces and eligible requests waiting for a round (status `matching`),
with coupons valued from the coupon schedule and a budget per region for about 65 % of its
requests. Deterministic for a seed. Writes with COPY through psql. Standard library only.

Usage: bench_round_seed.py DATABASE_URL --requests 20000 --providers 600 --seed 1 --fiscal-year 2570
"""
import argparse, csv, io, json, random, subprocess, uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AREAS = ["rawMaterialQuality", "productionProcess", "machineryDesign", "packagingDesign", "productInnovation", "standardsSystem"]
TYPES = ["food", "beverage", "textile", "household", "herbal"]
STANDARDS = ["fdaFoodSerial", "fdaFactoryLicence", "foodPremisesNonFactory", "gmp", "ghpHaccp", "tcps", "tis", "halal", "organic",
             "gap", "cosmeticNotification", "herbalProductLicence"]
# Demand leans to the northeast and north (as in the programme), providers to the centre.
DEMAND = {"northeast": 5, "north": 3, "central": 2, "south": 2, "east": 1, "west": 1}
SUPPLY = {"central": 4, "north": 2, "northeast": 2, "south": 2, "east": 1, "west": 1}

def array(values):
    return "{" + ",".join(values) + "}"

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("database_url")
    ap.add_argument("--requests", type=int, default=20000)
    ap.add_argument("--providers", type=int, default=600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fiscal-year", type=int, default=2570)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    provinces = list(csv.DictReader(open(ROOT / "Libraries/Domain/Resources/provinces.csv", encoding="utf-8")))
    by_region = {}
    for p in provinces:
        by_region.setdefault(p["region"], []).append(p["iso_code"])
    coupons = json.load(open(ROOT / "Libraries/Domain/Resources/coupons.json", encoding="utf-8"))
    value = {area: figure["valueBaht"] for area, figure in coupons["serviceAreas"].items()}
    share = coupons["enterpriseSharePercent"]["value"]

    def pick_region(weights):
        return rng.choices(list(weights), weights=list(weights.values()))[0]

    out = io.StringIO()
    out.write("BEGIN;\nCOPY matching.providers (id, name, kind, service_areas, product_types, standards, province_codes, "
              "regions, capacity, qualified, updated_at) FROM stdin;\n")
    for n in range(args.providers):
        region = pick_region(SUPPLY)
        home = rng.choice(by_region[region])
        others = rng.sample(by_region[region], k=min(len(by_region[region]), rng.randint(0, 3)))
        served = [home] + [o for o in others if o != home]
        regions = list(DEMAND) if rng.random() < 0.05 else ([region] if rng.random() < 0.3 else [])
        out.write("\t".join([str(uuid.UUID(int=rng.getrandbits(128))), f"bench provider {n}", "university",
                             array(rng.sample(AREAS, rng.randint(2, 4))), array(rng.sample(TYPES, rng.randint(2, 4))),
                             array(rng.sample(STANDARDS, rng.randint(2, 6))), array(served), array(regions),
                             str(rng.randint(10, 60)), "t", "2026-10-01 00:00:00+00"]) + "\n")
    out.write("\\.\n")
    out.write("COPY matching.requests (id, reference, enterprise_id, product_type, service_areas, target_standard, "
              "province_code, region, fiscal_year, status, coupon_value_baht, enterprise_share_baht, programme_share_baht, "
              "submitted_at, updated_at) FROM stdin;\n")
    demand = {}
    for n in range(args.requests):
        region = pick_region(DEMAND)
        province = rng.choice(by_region[region])
        areas = rng.sample(AREAS, rng.randint(1, 2))
        standard = rng.choice(STANDARDS) if rng.random() < 0.4 else None
        if standard and "standardsSystem" not in areas:
            areas.append("standardsSystem")
        coupon = max(value[a] for a in areas)
        enterprise = coupon * share // 100
        demand[region] = demand.get(region, 0) + coupon - enterprise
        submitted = f"2026-11-{1 + n * 27 // args.requests:02d} 03:00:{n % 60:02d}+00"
        out.write("\t".join([str(uuid.UUID(int=rng.getrandbits(128))), f"OTOP-{args.fiscal_year}-{n + 1:06d}",
                             str(uuid.UUID(int=rng.getrandbits(128))), rng.choice(TYPES), array(areas), standard or "\\N",
                             province, region, str(args.fiscal_year), "matching", str(coupon), str(enterprise),
                             str(coupon - enterprise), submitted, submitted]) + "\n")
    out.write("\\.\n")
    for region, baht in sorted(demand.items()):
        out.write(f"INSERT INTO matching.budgets (fiscal_year, region, allocated_baht, updated_at) "
                  f"VALUES ({args.fiscal_year}, '{region}', {baht * 65 // 100}, now());\n")
    out.write("COMMIT;\n")
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", args.database_url], input=out.getvalue(), text=True, check=True)
    print(f"seeded providers={args.providers} requests={args.requests} budgets={len(demand)} regions (65 % of demand)")

if __name__ == "__main__":
    main()
