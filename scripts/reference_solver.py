#!/usr/bin/env python3
"""Reference solver for allocation-round instances: OR-Tools' C++ min-cost-flow solver.

Usage: $OTOP_VENV/bin/python scripts/reference_solver.py INSTANCE.json
Prints one line: objective=<int> solve_ms=<float>   (solve_ms times SimpleMinCostFlow.solve only)

Same model as the Swift solver (docs/allocation.md):
  source -> region (capacity = coupons, or the region's request count when unlimited)
  region -> request (capacity 1)
  request -> provider (capacity 1, unit cost -score; only edges with score > 0, since an edge
                       with score <= 0 never raises the total)
  provider -> sink (capacity maxLoad)
  source -> sink bypass (capacity = number of requests, cost 0), so any request may stay
  unassigned; the source supplies and the sink absorbs every request's unit, and the
  minimum cost is minus the maximum total score.
"""
import json
import sys
import time

import numpy as np
from ortools.graph.python import min_cost_flow


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: reference_solver.py INSTANCE.json", file=sys.stderr)
        return 2
    with open(sys.argv[1], "rb") as handle:
        instance = json.load(handle)

    requests = instance["requests"]
    providers = instance["providers"]
    budgets = {b["region"]: int(b["coupons"]) for b in instance.get("budgets", [])}
    edges = instance["edges"]

    region_index = {}
    for request in requests:
        region_index.setdefault(request["region"], len(region_index))
    request_index = {request["id"]: i for i, request in enumerate(requests)}
    provider_index = {provider["id"]: i for i, provider in enumerate(providers)}

    source, sink = 0, 1
    region_base = 2
    request_base = region_base + len(region_index)
    provider_base = request_base + len(requests)

    demand = [0] * len(region_index)
    for request in requests:
        demand[region_index[request["region"]]] += 1

    tails, heads, capacities, costs = [], [], [], []

    def arc(tail, head, capacity, cost):
        tails.append(tail)
        heads.append(head)
        capacities.append(capacity)
        costs.append(cost)

    total = len(requests)
    arc(source, sink, total, 0)
    for region, g in region_index.items():
        arc(source, region_base + g, min(budgets.get(region, demand[g]), demand[g]), 0)
    for i, request in enumerate(requests):
        arc(region_base + region_index[request["region"]], request_base + i, 1, 0)
    for j, provider in enumerate(providers):
        arc(provider_base + j, sink, int(provider["maxLoad"]), 0)

    edge_tails = np.fromiter((request_base + request_index[e["request"]] for e in edges), dtype=np.int32, count=len(edges))
    edge_heads = np.fromiter((provider_base + provider_index[e["provider"]] for e in edges), dtype=np.int32, count=len(edges))
    edge_scores = np.fromiter((int(e["score"]) for e in edges), dtype=np.int64, count=len(edges))
    keep = edge_scores > 0

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([np.array(tails, dtype=np.int32), edge_tails[keep]]),
        np.concatenate([np.array(heads, dtype=np.int32), edge_heads[keep]]),
        np.concatenate([np.array(capacities, dtype=np.int64), np.ones(int(keep.sum()), dtype=np.int64)]),
        np.concatenate([np.array(costs, dtype=np.int64), -edge_scores[keep]]),
    )
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)

    started = time.perf_counter()
    status = flow.solve()
    elapsed_ms = (time.perf_counter() - started) * 1000.0
    if status != flow.OPTIMAL:
        print(f"error: OR-Tools min-cost flow returned status {status}", file=sys.stderr)
        return 1
    print(f"objective={-flow.optimal_cost()} solve_ms={elapsed_ms:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
