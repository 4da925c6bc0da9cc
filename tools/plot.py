#!/usr/bin/env python3
"""Charts from a GovLoad output folder (the CSV files of `govload run`).

    python tools/plot.py results/shenzhen-hotline [--out DIR] [--hours N]

Writes PNG files into DIR (default: RESULTS/plots):
  comparison.png  each policy's paired difference from the baseline with its 95 % interval, per metric
  timeseries.png  the city's backlog and the queues over days, one line per policy, a band across
                  replications, the warm-up and the shocks shaded
  sweep.png       (with a sweep) each metric against the first swept key, one line per policy
  staffing.png    (a folder of govload staff) per queue, the plan's headcount against the requirement,
                  the pointwise Erlang C plan and the scenario's own; each goal hour by hour under the
                  plan and the scenario's own staffing, with 95 % intervals and the target

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
        for suffix in (".gz", ".zst"):
            if not os.path.exists(path) and os.path.exists(path + suffix):
                path += suffix  # written with --compress; pandas reads it as it is (zstd: the zstandard module)
        if not os.path.exists(path):
            fail(f"{folder} lacks {name}.csv")
        tables[name] = pd.read_csv(path)
    return manifest, tables


def is_city(tables):
    series = tables["timeseries"]
    return ((series["scope"] == "city") & (series["metric"] == "backlog")).any()


def policy_order(manifest):
    return [p["name"] for p in manifest["policies"]]


UNITS = {"h": "hours", "share": "share", "count": "count", "cost": "cost", "min": "minutes",
         "staff-hours": "staff-hours"}


def unit_of(metric):
    """The unit a metric's name carries, for an axis label."""
    base = metric.rsplit(".", 1)[-1]
    if base.endswith("_h"):
        return "hours"
    if base.endswith("_min"):
        return "minutes"
    if base.endswith("rate") or base in ("utilization", "p_wait", "patrol_share"):
        return "share"
    if base in ("staff_cost", "machine_cost"):
        return "cost"
    if base.endswith("hours"):
        return "staff-hours"
    return "count"


def comparison_chart(manifest, tables, out):
    """Each policy's paired difference from the baseline (replication by replication, common random
    numbers) with its 95 % interval: a forest plot per metric, a line at 0, the metric's unit on the
    axis; a filled dot where the difference is significant after Holm's correction."""
    comparison = tables["comparison"]
    sweep_keys = manifest.get("sweep_keys", [])
    if sweep_keys:  # compare at the first sweep point
        first = comparison.iloc[0]
        for key in sweep_keys:
            comparison = comparison[comparison[key].astype(str) == str(first[key])]
    channels = list(tables["channels"]["channel"].unique())
    if is_city(tables):
        candidates = ["mean_close_h", "on_time_rate", "escalations", "peak_backlog", "drain_h",
                      "shock_emergency_on_time_rate", "false_closures", "staff_cost"]
        present = set(comparison["metric"])
        metrics = [m for m in candidates if m in present]
    else:
        metrics = ["staff_hours"]
        for channel in channels:
            metrics += [f"{channel}.mean_wait_all_min", f"{channel}.abandon_rate", f"{channel}.utilization"]
    policies = policy_order(manifest)
    baseline, others = policies[0], policies[1:]
    if not others:
        others = policies
    columns = min(4, len(metrics))
    rows_count = (len(metrics) + columns - 1) // columns
    fig, axes = plt.subplots(rows_count, columns, figsize=(4.2 * columns, 0.45 * len(others) * rows_count + 1.6 * rows_count),
                             squeeze=False)
    for ax in axes.flat[len(metrics):]:
        ax.axis("off")
    for ax, metric in zip(axes.flat, metrics):
        rows = comparison[comparison["metric"] == metric].set_index("policy").reindex(others)
        y = list(range(len(others)))[::-1]
        for index, (policy, row) in enumerate(rows.iterrows()):
            colour = f"C{(index + 1) % 10}"
            ax.plot([row["diff_ci_low"], row["diff_ci_high"]], [y[index]] * 2, color=colour, linewidth=2.5)
            significant = "p_adjusted" in row and pd.notna(row["p_adjusted"]) and row["p_adjusted"] < 0.05
            ax.plot([row["diff"]], [y[index]], "o", color=colour, markerfacecolor=colour if significant else "white")
        ax.axvline(0, color="grey", linestyle="--", linewidth=1)
        ax.set_yticks(y)
        ax.set_yticklabels(others, fontsize=8)
        ax.set_title(metric, fontsize=9)
        ax.set_xlabel(f"difference from {baseline} ({unit_of(metric)})", fontsize=8)
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle(f"{manifest['scenario']}: paired difference from {baseline} and its 95% interval over "
                 f"{manifest['replications']} replications (filled: significant after Holm's correction)", fontsize=10)
    fig.tight_layout()
    path = os.path.join(out, "comparison.png")
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def shaded_spans(manifest):
    """The warm-up and each shock, in days, from the manifest's resolved scenario."""
    scenario = manifest.get("resolved_scenario", {})
    spans = [(0, scenario.get("warmup", 0) / 86400, "warm-up")]
    for shock in (scenario.get("city") or {}).get("shocks", []):
        spans.append((shock["start"] / 86400, (shock["start"] + shock["duration"]) / 86400, shock["name"]))
    return [span for span in spans if span[1] > span[0]]


def timeseries_chart(manifest, tables, out, hours):
    """Time series in days, one line per policy (the mean over replications) with a band from the
    10th to the 90th percentile, the warm-up and the shocks shaded, one legend for the figure."""
    series = tables["timeseries"]
    sweep_keys = manifest.get("sweep_keys", [])
    if sweep_keys:
        first = series.iloc[0]
        for key in sweep_keys:
            series = series[series[key].astype(str) == str(first[key])]
    if hours:
        series = series[series["time_h"] <= hours]
    if is_city(tables):
        panels = [[("city", "backlog", "open cases", "count"), ("city", "emergencies", "emergencies so far", "count")],
                  [("hotline", "waiting", "callers waiting", "count"), ("hotline", "mean_wait_min", "mean wait", "minutes")],
                  [("command_centre", "waiting", "work orders waiting", "count"),
                   ("command_centre", "mean_wait_min", "mean wait", "minutes")]]
        panels = [row for row in panels if (series["scope"] == row[0][0]).any()]
    else:
        channels = [c for c in series["scope"].unique() if c != "city"]
        panels = [[(c, "waiting", "callers waiting", "count"), (c, "mean_wait_min", "mean wait of those served", "minutes")]
                  for c in channels]
    fig, axes = plt.subplots(len(panels), 2, figsize=(12, 3.2 * len(panels)), squeeze=False)
    spans = shaded_spans(manifest)
    handles = {}
    for row, cells in enumerate(panels):
        for column, (channel, metric, label, unit) in enumerate(cells):
            ax = axes[row][column]
            for start, end, _ in spans:
                ax.axvspan(start, end, color="#f5d0a9", alpha=0.45, linewidth=0)
            data = series[(series["scope"] == channel) & (series["metric"] == metric)]
            for index, policy in enumerate(policy_order(manifest)):
                wide = data[data["policy"] == policy].pivot_table(index="time_h", columns="replication", values="value")
                if wide.empty:
                    continue
                days = wide.index / 24
                mean = wide.mean(axis=1)
                line, = ax.plot(days, mean.values, label=policy, linewidth=1, color=f"C{index % 10}")
                ax.fill_between(days, wide.quantile(0.1, axis=1), wide.quantile(0.9, axis=1),
                                color=line.get_color(), alpha=0.2, linewidth=0)
                handles[policy] = line
            ax.set_title(f"{channel}: {label}", fontsize=9)
            ax.set_xlabel("days from the start")
            ax.set_ylabel(unit)
            ax.grid(alpha=0.3)
    shade_note = ", ".join(label for _, _, label in spans)
    fig.legend(list(handles.values()), list(handles.keys()), loc="upper center", ncol=min(6, len(handles)),
               fontsize=8, bbox_to_anchor=(0.5, 1.0))
    fig.suptitle(f"{manifest['scenario']}: mean over replications, band from the 10th to the 90th percentile; "
                 f"shaded: {shade_note}", fontsize=10, y=1.04)
    fig.tight_layout()
    path = os.path.join(out, "timeseries.png")
    fig.savefig(path, dpi=120, bbox_inches="tight")
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


def staffing_chart(folder, out, hours):
    """A staffing study (govload staff): per queue, headcounts over days and each goal hour by hour."""
    staffing = pd.read_csv(os.path.join(folder, "staffing.csv"))
    checks = pd.read_csv(os.path.join(folder, "verification.csv"))
    if hours:
        staffing = staffing[staffing["start_h"] < hours]
        checks = checks[checks["start_h"] < hours]
    queues = list(dict.fromkeys(staffing["channel"]))
    fig, axes = plt.subplots(len(queues), 2, figsize=(13, 3.4 * len(queues)), squeeze=False)
    for row, queue in enumerate(queues):
        plan = staffing[staffing["channel"] == queue]
        days = plan["start_h"] / 24
        ax = axes[row][0]
        ax.step(days, plan["scenario_servers"], where="post", label="scenario's own shifts (surge aside)",
                color="C7", linewidth=1)
        if plan["pointwise_erlang_c"].notna().any():
            ax.step(days, plan["pointwise_erlang_c"], where="post", label="pointwise Erlang C", color="C1",
                    linewidth=0.8, alpha=0.8)
        ax.step(days, plan["required"], where="post", label="required (iterative staffing)", color="C0",
                linewidth=0.8)
        ax.step(days, plan["servers"], where="post", label="scheduled shifts", color="C2", linewidth=1.2)
        ax.set_title(f"{queue}: servers on duty", fontsize=9)
        ax.set_xlabel("days from the start")
        ax.set_ylabel("servers")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
        ax = axes[row][1]
        mine = checks[checks["channel"] == queue]
        metric = mine["metric"].iloc[0]
        mine = mine[mine["metric"] == metric]
        for index, label in enumerate(["scenario", "plan"]):
            part = mine[mine["staffing"] == label]
            d = part["start_h"] / 24
            ax.plot(d, part["service_level"], label="plan" if label == "plan" else "scenario's own (with surge)",
                    color="C2" if label == "plan" else "C7", linewidth=1)
            upper = 1 if metric.startswith("answered") or metric in ("abandon_rate", "p_wait") else None
            ax.fill_between(d, part["ci_low"].clip(lower=0, upper=upper), part["ci_high"].clip(lower=0, upper=upper),
                            color="C2" if label == "plan" else "C7", alpha=0.2, linewidth=0)
        ax.axhline(mine["target"].iloc[0], color="C3", linestyle="--", linewidth=0.8, label="target")
        ax.set_title(f"{queue}: {metric} by hour of arrival, fresh replications (95 % interval, clipped to the possible)",
                     fontsize=9)
        ax.set_xlabel("days from the start")
        ax.set_ylabel("share" if not metric.endswith("_s") else "seconds")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    fig.tight_layout()
    path = os.path.join(out, "staffing.png")
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
    out = args.out or os.path.join(args.results, "plots")
    if os.path.exists(os.path.join(args.results, "staffing.csv")):
        if not os.path.exists(os.path.join(args.results, "manifest.json")):
            fail(f"{args.results} has no manifest.json: it is not a finished govload staff study")
        os.makedirs(out, exist_ok=True)
        print(staffing_chart(args.results, out, args.hours))
        return
    manifest, tables = load(args.results)
    os.makedirs(out, exist_ok=True)
    written = [comparison_chart(manifest, tables, out), timeseries_chart(manifest, tables, out, args.hours)]
    sweep = sweep_chart(manifest, tables, out)
    if sweep:
        written.append(sweep)
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
