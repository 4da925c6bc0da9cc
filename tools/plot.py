#!/usr/bin/env python3
"""Charts from a GovLoad output folder (the CSV files of `govload run`).

    python tools/plot.py results/shenzhen-hotline [--out DIR] [--hours N]

Writes PNG files into DIR (default: RESULTS/plots):
  comparison.png  each policy's mean with its 95 % interval, for the headline metrics
  timeseries.png  waiting callers and mean wait over time, one line per policy, a band across replications
  sweep.png       (with a sweep) each metric against the first swept key, one line per policy

Needs matplotlib and pandas (tools/requirements.txt). Exit 2 on a folder that is not a finished run.
"""
import argparse
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def fail(message):
    print(f"plot.py: {message}", file=sys.stderr)
    sys.exit(2)


def load(folder):
    manifest_path = os.path.join(folder, "manifest.json")
    if not os.path.exists(manifest_path):
        fail(f"{folder} has no manifest.json: it is not a finished govload run")
    with open(manifest_path) as f:
        manifest = json.load(f)
    if not manifest.get("complete"):
        fail(f"{folder}: manifest.json does not say the run is complete")
    tables = {}
    for name in ["summary", "channels", "timeseries", "comparison"]:
        path = os.path.join(folder, name + ".csv")
        if not os.path.exists(path) and os.path.exists(path + ".gz"):
            path += ".gz"  # written with --compress gzip; pandas reads it as it is
        if not os.path.exists(path):
            fail(f"{folder} lacks {name}.csv")
        tables[name] = pd.read_csv(path)
    return manifest, tables


def is_city(tables):
    series = tables["timeseries"]
    return ((series["scope"] == "city") & (series["metric"] == "backlog")).any()


def policy_order(manifest):
    return [p["name"] for p in manifest["policies"]]


def comparison_chart(manifest, tables, out):
    comparison = tables["comparison"]
    sweep_keys = manifest.get("sweep_keys", [])
    if sweep_keys:  # compare at the first sweep point
        first = comparison.iloc[0]
        for key in sweep_keys:
            comparison = comparison[comparison[key].astype(str) == str(first[key])]
    channels = list(tables["channels"]["channel"].unique())
    if is_city(tables):
        # A city has many queues: show the case metrics a planner weighs first.
        candidates = ["mean_close_h", "on_time_rate", "escalations", "peak_backlog", "drain_h",
                      "shock_emergency_on_time_rate", "false_closures", "staff_cost"]
        present = set(comparison["metric"])
        metrics = [m for m in candidates if m in present]
    else:
        metrics = ["staff_hours"]
        for channel in channels:
            metrics += [f"{channel}.mean_wait_all_min", f"{channel}.abandon_rate", f"{channel}.utilization"]
    policies = policy_order(manifest)
    fig, axes = plt.subplots(1, len(metrics), figsize=(3.2 * len(metrics), 3.6), squeeze=False)
    for ax, metric in zip(axes[0], metrics):
        rows = comparison[comparison["metric"] == metric].set_index("policy").reindex(policies)
        means = rows["mean"]
        errors = [means - rows["ci_low"], rows["ci_high"] - means]
        ax.bar(range(len(policies)), means, yerr=errors, capsize=4, color="#4c72b0")
        ax.set_xticks(range(len(policies)))
        ax.set_xticklabels(policies, rotation=30, ha="right", fontsize=8)
        ax.set_title(metric, fontsize=9)
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle(f"{manifest['scenario']}: policies, mean and 95% interval over "
                 f"{manifest['replications']} replications", fontsize=10)
    fig.tight_layout()
    path = os.path.join(out, "comparison.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def timeseries_chart(manifest, tables, out, hours):
    series = tables["timeseries"]
    sweep_keys = manifest.get("sweep_keys", [])
    if sweep_keys:
        first = series.iloc[0]
        for key in sweep_keys:
            series = series[series[key].astype(str) == str(first[key])]
    if hours:
        series = series[series["time_h"] <= hours]
    if is_city(tables):
        # The city's backlog, and the waits at the hotline and the command centre.
        panels = [[("city", "backlog", "open cases"), ("city", "emergencies", "emergencies so far")],
                  [("hotline", "waiting", "callers waiting"), ("hotline", "mean_wait_min", "mean wait (min)")],
                  [("command_centre", "waiting", "work orders waiting"),
                   ("command_centre", "mean_wait_min", "mean wait (min)")]]
        panels = [row for row in panels if (series["scope"] == row[0][0]).any()]
    else:
        channels = [c for c in series["scope"].unique() if c != "city"]
        panels = [[(c, "waiting", "callers waiting"), (c, "mean_wait_min", "mean wait of those served (min)")]
                  for c in channels]
    fig, axes = plt.subplots(len(panels), 2, figsize=(12, 3.2 * len(panels)), squeeze=False)
    for row, cells in enumerate(panels):
        for column, (channel, metric, label) in enumerate(cells):
            ax = axes[row][column]
            data = series[(series["scope"] == channel) & (series["metric"] == metric)]
            for policy in policy_order(manifest):
                wide = data[data["policy"] == policy].pivot_table(index="time_h", columns="replication", values="value")
                if wide.empty:
                    continue
                mean = wide.mean(axis=1)
                line, = ax.plot(mean.index, mean.values, label=policy, linewidth=1)
                ax.fill_between(wide.index, wide.quantile(0.1, axis=1), wide.quantile(0.9, axis=1),
                                color=line.get_color(), alpha=0.2, linewidth=0)
            ax.set_title(f"{channel}: {label}", fontsize=9)
            ax.set_xlabel("hours from the start")
            ax.grid(alpha=0.3)
    axes[0][0].legend(fontsize=8)
    fig.suptitle(f"{manifest['scenario']}: mean over replications, band from the 10th to the 90th percentile",
                 fontsize=10)
    fig.tight_layout()
    path = os.path.join(out, "timeseries.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def sweep_chart(manifest, tables, out):
    keys = manifest.get("sweep_keys", [])
    if not keys:
        return None
    x = keys[0]
    comparison = tables["comparison"]
    channels = list(tables["channels"]["channel"].unique())
    metrics = [f"{c}.mean_wait_all_min" for c in channels] + [f"{c}.abandon_rate" for c in channels] + ["staff_hours"]
    fig, axes = plt.subplots(1, len(metrics), figsize=(4 * len(metrics), 3.6), squeeze=False)
    others = keys[1:]
    for ax, metric in zip(axes[0], metrics):
        data = comparison[comparison["metric"] == metric]
        groups = data.groupby(["policy"] + others, sort=False) if others else data.groupby("policy", sort=False)
        for label, group in groups:
            group = group.assign(_x=pd.to_numeric(group[x].astype(str).str.extract(r"([-+0-9.eE]+)")[0]))
            group = group.sort_values("_x")
            name = label if isinstance(label, str) else ", ".join(str(v) for v in label)
            ax.errorbar(group["_x"], group["mean"], yerr=[group["mean"] - group["ci_low"], group["ci_high"] - group["mean"]],
                        marker="o", capsize=3, label=name, linewidth=1)
        ax.set_xlabel(x)
        ax.set_title(metric, fontsize=9)
        ax.grid(alpha=0.3)
    axes[0][0].legend(fontsize=8)
    fig.tight_layout()
    path = os.path.join(out, "sweep.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def main():
    parser = argparse.ArgumentParser(description="Charts from a GovLoad output folder.")
    parser.add_argument("results", help="a folder written by govload run")
    parser.add_argument("--out", help="where to write the PNG files (default: RESULTS/plots)")
    parser.add_argument("--hours", type=float, default=None, help="plot the time series up to this hour only")
    args = parser.parse_args()
    if not os.path.isdir(args.results):
        fail(f"no such folder: {args.results}")
    manifest, tables = load(args.results)
    out = args.out or os.path.join(args.results, "plots")
    os.makedirs(out, exist_ok=True)
    written = [comparison_chart(manifest, tables, out), timeseries_chart(manifest, tables, out, args.hours)]
    sweep = sweep_chart(manifest, tables, out)
    if sweep:
        written.append(sweep)
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
