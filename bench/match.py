#!/usr/bin/python3
"""Helpers of bench/match (not run on their own):

  match.py gen [--requests N] [--helpers N] [--per K] [--demand 1-4|1]
               [--capacity 1-4] [--cost-max C] [--seed S] > problem.json
      A `supportnet match` problem: N requests and N helpers, each request
      with K candidate helpers drawn uniformly without repeats, costs
      uniform in 0..C, demands and capacities uniform in their range; the
      same seed gives the same bytes.

  match.py networkx problem.json
      The same network solved by networkx's max_flow_min_cost (Debian's
      python3-networkx); prints {"matched", "total_cost", "load_s",
      "build_s", "solve_s", "networkx"} as one line of JSON.
"""
import argparse
import json
import random
import sys
import time


def units(spec, rng):
    lo, _, hi = spec.partition("-")
    return rng.randint(int(lo), int(hi or lo))


def gen(a):
    rng = random.Random(a.seed)
    requests = [{"id": f"r{i}", "demand": units(a.demand, rng)} for i in range(a.requests)]
    helpers = [{"id": f"h{j}", "capacity": units(a.capacity, rng)} for j in range(a.helpers)]
    edges = []
    for i in range(a.requests):
        for j in rng.sample(range(a.helpers), min(a.per, a.helpers)):
            edges.append({"request": f"r{i}", "helper": f"h{j}", "cost": rng.randint(0, a.cost_max)})
    json.dump({"requests": requests, "helpers": helpers, "edges": edges}, sys.stdout, separators=(",", ":"))


def solve(path):
    import networkx as nx
    t0 = time.monotonic()
    with open(path) as f:
        p = json.load(f)
    t1 = time.monotonic()
    g = nx.DiGraph()
    g.add_node("s")
    g.add_node("t")
    for r in p["requests"]:
        g.add_edge("s", ("r", r["id"]), capacity=r.get("demand", 1), weight=0)
    for h in p["helpers"]:
        g.add_edge(("h", h["id"]), "t", capacity=h.get("capacity", 1), weight=0)
    for e in p["edges"]:
        g.add_edge(("r", e["request"]), ("h", e["helper"]), capacity=1, weight=e["cost"])
    t2 = time.monotonic()
    flow = nx.max_flow_min_cost(g, "s", "t")
    t3 = time.monotonic()
    print(json.dumps({"matched": sum(flow["s"].values()), "total_cost": nx.cost_of_flow(g, flow),
                      "load_s": round(t1 - t0, 3), "build_s": round(t2 - t1, 3), "solve_s": round(t3 - t2, 3),
                      "networkx": nx.__version__}))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("--requests", type=int, default=5000)
    g.add_argument("--helpers", type=int, default=5000)
    g.add_argument("--per", type=int, default=20)
    g.add_argument("--demand", default="1-4")
    g.add_argument("--capacity", default="1-4")
    g.add_argument("--cost-max", type=int, default=1000)
    g.add_argument("--seed", type=int, default=18)
    n = sub.add_parser("networkx")
    n.add_argument("path")
    a = ap.parse_args()
    if a.cmd == "gen":
        gen(a)
    else:
        solve(a.path)


if __name__ == "__main__":
    main()
