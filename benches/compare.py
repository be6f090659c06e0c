#!/usr/bin/env python3
"""Put hocba's criterion results beside lxml's from the same run, as a Markdown table.

usage: compare.py [--results RESULTS.jsonl] [--criterion CRITERION_DIR] [--versions VERSIONS.txt] [--target X]

- lxml: records of `../shared/bench/peers/bench_py.py` in RESULTS.jsonl (default
  target/bench-results/results.jsonl), ops `parse+c14n-30k`, `parse+c14n-1m`, `c14n-30k`, `c14n-1m`;
  each record's `runs` are rates in ops/s, the median of the runs is used.
- hocba: criterion's CRITERION_DIR/<group>/<name>/new/estimates.json (default target/criterion), written by
  `cargo bench -p hocba --bench c14n`; `median.point_estimate` is ns per iteration, ops/s = 1e9 / median.

The target (default 5x lxml) applies to parse + C14N, the operation the issue asks for; the C14N-only and
parse-only rows are given for information. Exits 1 when a needed record is missing.
"""
import argparse, datetime, json, os, platform, statistics, subprocess, sys

from benchcommon import host_line, load_criterion, rustc_version

# (label, criterion group, criterion name, lxml op or None, target applies)
ROWS = [
    ("parse + C14N, 30 KB", "parse+c14n", "30k", "parse+c14n-30k", True),
    ("parse + C14N, 1 MB", "parse+c14n", "1m", "parse+c14n-1m", True),
    ("C14N of a parsed tree, 30 KB", "c14n", "30k", "c14n-30k", False),
    ("C14N of a parsed tree, 1 MB", "c14n", "1m", "c14n-1m", False),
    ("parse only, 30 KB", "parse", "30k", None, False),
    ("parse only, 1 MB", "parse", "1m", None, False),
]


def fmt(x):
    if x is None:
        return ""
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def load_lxml(path):
    recs = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            if r.get("peer") == "lxml" and "runs" in r:
                recs[r["op"]] = r
    return recs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", default="target/bench-results/results.jsonl")
    ap.add_argument("--criterion", default="target/criterion")
    ap.add_argument("--target", type=float, default=5.0)
    args = ap.parse_args()

    lxml = load_lxml(args.results)
    missing = []
    rows, details = [], []
    lxml_version = next((r.get("version") for r in lxml.values()), "lxml ?")
    for label, group, name, op, targeted in ROWS:
        try:
            ns, lo, hi = load_criterion(args.criterion, group, name)
        except (OSError, KeyError, ValueError) as e:
            missing.append(f"criterion {group}/{name}: {e}")
            continue
        ours = 1e9 / ns
        theirs = None
        if op is not None:
            rec = lxml.get(op)
            if rec is None:
                missing.append(f"lxml record {op!r} in {args.results}")
                continue
            theirs = statistics.median(rec["runs"])
            details.append(f"- {label}: hocba median {ns / 1e6:.3f} ms/op (95% CI {lo / 1e6:.3f}-{hi / 1e6:.3f}); "
                           f"lxml {len(rec['runs'])} runs x {rec['iters_per_run']} ops, "
                           f"{min(rec['runs']):,.1f}-{max(rec['runs']):,.1f} ops/s")
        else:
            details.append(f"- {label}: hocba median {ns / 1e6:.3f} ms/op (95% CI {lo / 1e6:.3f}-{hi / 1e6:.3f})")
        ratio = ours / theirs if theirs else None
        target = f"≥ {args.target:g}x" if targeted else "—"
        met = ("yes" if ratio >= args.target else "**no**") if targeted else ""
        rows.append(f"| {label} | {fmt(ours)} | {fmt(theirs) or '—'} | "
                    f"{f'{ratio:.2f}x' if ratio else '—'} | {target} | {met} |")

    if missing:
        for m in missing:
            print(f"compare.py: missing {m}", file=sys.stderr)
        sys.exit(1)

    print(f"host: {host_line()}  ")
    print(f"date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')}  ")
    print(f"hocba: {rustc_version()}, `cargo bench` profile (criterion median)  ")
    print(f"lxml: {lxml_version} (median of the runs)")
    print()
    print("| operation | hocba ops/s | lxml ops/s | ratio hocba/lxml | target | met? |")
    print("|---|---:|---:|---:|---|---|")
    for r in rows:
        print(r)
    print()
    print("\n".join(details))


if __name__ == "__main__":
    main()
