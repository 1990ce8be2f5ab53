"""Prints a JMH JSON result file (-rf json -rff FILE) as GitHub tables, one per benchmark class.

Usage: python3 benchmarks/jmh_table.py FILE
Each row: method, parameters, score +- error (99.9% interval) and unit, plus secondary scores
(GemmBench's GFLOP/s). Standard library only.
"""
import json
import sys
from collections import OrderedDict


def fmt(x):
    x = float(x)  # JMH writes "NaN" (a string) when one iteration leaves no error estimate
    if x != x:
        return "n/a"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def main(path):
    with open(path, encoding="utf-8") as f:
        runs = json.load(f)
    groups = OrderedDict()
    for r in runs:
        cls, method = r["benchmark"].rsplit(".", 1)
        groups.setdefault(cls.rsplit(".", 1)[-1], []).append((method, r))
    for cls, rows in groups.items():
        secondary = sorted({k for _, r in rows for k in r.get("secondaryMetrics", {}) if not k.startswith("·")})
        print(f"**{cls}**\n")
        head = ["method", "params", "score", "± error", "unit"] + [s.lstrip(":") for s in secondary]
        print("| " + " | ".join(head) + " |")
        print("|" + "|".join(["---"] * 2 + ["---:"] * 2 + ["---"] + ["---:"] * len(secondary)) + "|")
        for method, r in rows:
            params = ", ".join(f"{k}={v}" for k, v in r.get("params", {}).items())
            m = r["primaryMetric"]
            cells = [method, params or "-", fmt(m["score"]), fmt(m["scoreError"]), m["scoreUnit"]]
            for s in secondary:
                sm = r.get("secondaryMetrics", {}).get(s)
                cells.append(fmt(sm["score"]) if sm else "")
            print("| " + " | ".join(cells) + " |")
        print()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: jmh_table.py JMH_RESULT.json", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
