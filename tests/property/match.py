#!/usr/bin/python3
"""Property test of `supportnet match` against an independent solver.

For hundreds of random instances (from a couple of nodes to a few hundred;
demands and capacities 1-4; costs 0-1000, some all 0 or 0-3 for ties, some
up to 10^15 so that the solver falls back to successive shortest paths;
requests and helpers without edges, requests that ask for more than their
edges can give), runs the command and checks:

  - exit 0, stdout one JSON object with exactly matched, total_cost,
    assignments and unmatched, in that order; stderr the --stats line;
  - the assignments are edges of the input, each at most once, with the
    edge's cost; no request over its demand, no helper over its capacity;
    matched and total_cost are their count and sum; unmatched lists, once
    each and in input order, the requests with fewer units than demanded;
  - matched and total_cost equal networkx's max_flow_min_cost on the same
    network (Debian's python3-networkx: scripts/install-deps);
  - the same input twice gives the same bytes, and the same instance with
    its lists shuffled gives the same matched and total_cost.

Usage: match.py SUPPORTNET [COUNT] [SEED] (defaults 300 and 18, or
MATCH_PROPERTY_N / MATCH_PROPERTY_SEED). Run by CTest as property/match.
A failing instance is written to $TMPDIR/match-property-fail-SEED-K.json.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

try:
    import networkx as nx
except ImportError:
    sys.exit("property/match: python3-networkx is missing (run scripts/install-deps)")


def instance(rng, k):
    """A random instance; its size and cost class depend on k."""
    size = [3, 8, 30, 150][k % 4]
    nr, nh = rng.randint(1, size), rng.randint(1, size)
    cost_max = [1000, 1000, 1000, 3, 0, 1000, 10**15][k % 7]
    reqs = [{"id": f"r{i}", "demand": rng.randint(1, 4)} for i in range(nr)]
    # Some ids of other shapes (quotes, backslashes, non-ASCII), and
    # demand or capacity 1 left to the default.
    for r in reqs:
        if rng.random() < 0.05:
            r["id"] += rng.choice(['"q', "\\b", "é", " x"])
        if r["demand"] == 1 and rng.random() < 0.5:
            del r["demand"]
    helps = [{"id": f"h{j}", "capacity": rng.randint(1, 4)} for j in range(nh)]
    for h in helps:
        if h["capacity"] == 1 and rng.random() < 0.5:
            del h["capacity"]
    # Each request gets 0 to a few edges; about a tenth get none.
    edges = []
    per = max(1, min(nh, rng.choice([1, 2, 3, 5, 8, 20])))
    for i in range(nr):
        if rng.random() < 0.1:
            continue
        for j in rng.sample(range(nh), rng.randint(1, per)):
            edges.append({"request": reqs[i]["id"], "helper": helps[j]["id"], "cost": rng.randint(0, cost_max)})
    rng.shuffle(edges)
    return {"requests": reqs, "helpers": helps, "edges": edges}


def oracle(inst):
    g = nx.DiGraph()
    g.add_node("s")
    g.add_node("t")
    for r in inst["requests"]:
        g.add_edge("s", ("r", r["id"]), capacity=r.get("demand", 1), weight=0)
    for h in inst["helpers"]:
        g.add_edge(("h", h["id"]), "t", capacity=h.get("capacity", 1), weight=0)
    for e in inst["edges"]:
        g.add_edge(("r", e["request"]), ("h", e["helper"]), capacity=1, weight=e["cost"])
    flow = nx.max_flow_min_cost(g, "s", "t")
    return sum(flow["s"].values()), nx.cost_of_flow(g, flow)


def run(binary, inst):
    text = json.dumps(inst, ensure_ascii=bool(random.getrandbits(1)))
    p = subprocess.run([binary, "match", "--stats"], input=text.encode(), capture_output=True, timeout=60)
    return p, text


def check_answer(inst, p):
    """The answer's shape and that it is an assignment; returns (out, stats)."""
    assert p.returncode == 0, f"exit {p.returncode}: {p.stderr.decode()}"
    stats_lines = p.stderr.decode().splitlines()
    assert len(stats_lines) == 1, f"stderr: {p.stderr.decode()}"
    stats = json.loads(stats_lines[0])
    out = json.loads(p.stdout)
    assert list(out) == ["matched", "total_cost", "assignments", "unmatched"], list(out)
    cost = {(e["request"], e["helper"]): e["cost"] for e in inst["edges"]}
    demand = {r["id"]: r.get("demand", 1) for r in inst["requests"]}
    capacity = {h["id"]: h.get("capacity", 1) for h in inst["helpers"]}
    got_r = {r: 0 for r in demand}
    got_h = {h: 0 for h in capacity}
    seen = set()
    total = 0
    for a in out["assignments"]:
        assert list(a) == ["request", "helper", "cost"], a
        key = (a["request"], a["helper"])
        assert key in cost and key not in seen and a["cost"] == cost[key], a
        seen.add(key)
        got_r[a["request"]] += 1
        got_h[a["helper"]] += 1
        total += a["cost"]
    assert all(got_r[r] <= demand[r] for r in demand), "a request over its demand"
    assert all(got_h[h] <= capacity[h] for h in capacity), "a helper over its capacity"
    assert out["matched"] == len(out["assignments"]) and out["total_cost"] == total, "sums"
    assert out["unmatched"] == [r["id"] for r in inst["requests"] if got_r[r["id"]] < demand[r["id"]]], "unmatched"
    return out, stats


def main():
    binary = sys.argv[1]
    count = int(sys.argv[2] if len(sys.argv) > 2 else os.environ.get("MATCH_PROPERTY_N", 300))
    seed = int(sys.argv[3] if len(sys.argv) > 3 else os.environ.get("MATCH_PROPERTY_SEED", 18))
    rng = random.Random(seed)
    random.seed(seed)
    methods = {}
    nodes_max = edges_max = 0
    for k in range(count):
        inst = instance(rng, k)
        try:
            p, text = run(binary, inst)
            out, stats = check_answer(inst, p)
            want = oracle(inst)
            got = (out["matched"], out["total_cost"])
            assert got == want, f"supportnet {got}, networkx {want}"
            if k % 4 == 0:
                p2 = subprocess.run([binary, "match"], input=text.encode(), capture_output=True, timeout=60)
                assert p2.stdout == p.stdout, "the same input gave another answer"
                shuffled = {key: list(inst[key]) for key in inst}
                for key in shuffled:
                    rng.shuffle(shuffled[key])
                p3, _ = run(binary, shuffled)
                out3, _ = check_answer(shuffled, p3)
                assert (out3["matched"], out3["total_cost"]) == want, "shuffled: another optimum"
        except AssertionError as e:
            path = os.path.join(tempfile.gettempdir(), f"match-property-fail-{seed}-{k}.json")
            with open(path, "w") as f:
                json.dump(inst, f)
            sys.exit(f"property/match: instance {k} (seed {seed}, kept in {path}): {e}")
        methods[stats["method"]] = methods.get(stats["method"], 0) + 1
        nodes_max = max(nodes_max, len(inst["requests"]) + len(inst["helpers"]))
        edges_max = max(edges_max, len(inst["edges"]))
    by = ", ".join(f"{n} by {m}" for m, n in sorted(methods.items()))
    print(f"property/match: {count} instances (seed {seed}; up to {nodes_max} requests and helpers, "
          f"{edges_max} edges; {by}): matched and total_cost equal networkx {nx.__version__}'s")


if __name__ == "__main__":
    main()
