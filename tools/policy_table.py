#!/usr/bin/env python3
"""Print a Markdown table of key metrics per policy, with 95 % intervals and paired differences
against the baseline, from a GovLoad output folder (its comparison.csv). Standard library only.

    python3 tools/policy_table.py results/shenzhen-typhoon [--metrics m1,m2,...]
"""
import argparse
import csv
import os
import sys

DEFAULT = ["mean_close_h", "on_time_rate", "escalations", "false_closures", "transfers", "peak_backlog",
           "drain_h", "shock_emergency_on_time_rate", "hazard_latent_h", "staff_cost"]


def fmt(value):
    value = float(value)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--metrics", default=",".join(DEFAULT))
    args = parser.parse_args()
    path = os.path.join(args.folder, "comparison.csv")
    if not os.path.exists(path):
        sys.exit(f"{path}: no such file; run govload first")
    rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
    metrics = [m for m in args.metrics.split(",") if any(r["metric"] == m for r in rows)]
    policies = list(dict.fromkeys(r["policy"] for r in rows))
    baseline = rows[0]["baseline"]
    replications = rows[0]["replications"]
    holm = "p_adjusted" in rows[0]
    family = sum(1 for r in rows if r.get("p_value"))
    meaning = (f"* where it is significant after Holm's correction for the file's {family} comparisons, "
               "† where only its own interval excludes 0" if holm else "* where its interval excludes 0")
    print(f"{replications} replications; each cell: mean [95 % interval]; below the baseline, the paired "
          f"difference from `{baseline}` ({meaning}).\n")
    print("| metric | " + " | ".join(policies) + " |")
    print("| --- |" + " --- |" * len(policies))
    for metric in metrics:
        cells = []
        for policy in policies:
            row = next((r for r in rows if r["metric"] == metric and r["policy"] == policy), None)
            if row is None:
                cells.append("")
                continue
            cell = f"{fmt(row['mean'])} [{fmt(row['ci_low'])}, {fmt(row['ci_high'])}]"
            if policy != baseline:
                low, high = float(row["diff_ci_low"]), float(row["diff_ci_high"])
                excludes = low > 0 or high < 0
                if holm:
                    star = "*" if row["p_adjusted"] and float(row["p_adjusted"]) < 0.05 else ("†" if excludes else "")
                else:
                    star = "*" if excludes else ""
                cell += f"<br>Δ {float(row['diff']):+.3g}{star}"
            cells.append(cell)
        print(f"| `{metric}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
