#!/usr/bin/env python3
"""Put hocba's XML-signature criterion results beside the peers' from the same run, as Markdown tables.

usage: compare_dsig.py [--results RESULTS.jsonl] [--criterion CRITERION_DIR] [--versions VERSIONS.txt]

- peers: records of `../shared/bench/peers/run_peers.sh` in RESULTS.jsonl (default
  target/bench-results-dsig/results.jsonl), ops `verify-30k-both` and `sign-30k`, every peer that has a record
  for them (santuario, xmlsec1, xmlsec1 (internal), python-xmlsec, ...); each record's `runs` are rates in
  ops/s, the median of the runs is used. `rsa2048-verify` / `rsa2048-sign` (peer "openssl speed") are the
  physical limits, shown for context.
- hocba: criterion's CRITERION_DIR/<group>/<provider>/new/estimates.json (default target/criterion), groups
  `verify-30k-both` and `sign-30k`, providers `openssl` and `rustcrypto`, written by
  `cargo bench -p hocba --bench dsig`; `median.point_estimate` is ns per iteration, ops/s = 1e9 / median.

Targets (issue 3): verify both >= 4x santuario and >= 10x xmlsec1 (the wall-clock row); sign >= 3x xmlsec1
(the wall-clock row). They are checked for each provider. Exits 1 when a needed record is missing.
"""
import argparse, datetime, json, os, platform, statistics, subprocess, sys

from benchcommon import host_line, load_criterion, rustc_version

OPS = [("verify-30k-both", "verify both signatures, 30 KB"), ("sign-30k", "sign, 30 KB, one signature")]
PROVIDERS = ["openssl", "rustcrypto"]
# (op, peer, minimum ratio hocba/peer)
TARGETS = [("verify-30k-both", "santuario", 4.0), ("verify-30k-both", "xmlsec1", 10.0), ("sign-30k", "xmlsec1", 3.0)]
# column order for the peers; any other peer with a record follows
PEER_ORDER = ["santuario", "xmlsec1", "xmlsec1 (internal)", "python-xmlsec", "signxml", "xml-crypto"]
LIMITS = [("rsa2048-verify", "RSA-2048 verify"), ("rsa2048-sign", "RSA-2048 sign"),
          ("sha256-16k-blocks", "SHA-256, 16 KB blocks")]


def fmt(x):
    if x is None:
        return ""
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def load_records(path):
    recs, skipped = {}, []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            if "runs" in r:
                recs[(r["peer"], r["op"])] = r
            elif "skipped" in r:
                skipped.append(r)
    return recs, skipped


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", default="target/bench-results-dsig/results.jsonl")
    ap.add_argument("--criterion", default="target/criterion")
    args = ap.parse_args()

    recs, skipped = load_records(args.results)
    missing = []

    hocba = {}
    for op, _ in OPS:
        for provider in PROVIDERS:
            try:
                hocba[(op, provider)] = load_criterion(args.criterion, op, provider)
            except (OSError, KeyError, ValueError) as e:
                missing.append(f"criterion {op}/{provider}: {e}")
    for op, peer, _ in TARGETS:
        if (peer, op) not in recs:
            missing.append(f"{peer} record {op!r} in {args.results}")
    if missing:
        for m in missing:
            print(f"compare_dsig.py: missing {m}", file=sys.stderr)
        sys.exit(1)

    peers = {}
    for op, _ in OPS:
        found = {p for (p, o) in recs if o == op}
        peers[op] = [p for p in PEER_ORDER if p in found] + sorted(found - set(PEER_ORDER))

    versions = {}
    for (peer, _), r in recs.items():
        versions.setdefault(peer.replace(" (internal)", ""), r.get("version", "?"))

    print(f"host: {host_line()}  ")
    print(f"date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')}  ")
    print(f"hocba: {rustc_version()}, `cargo bench` profile (criterion median)  ")
    shown = [p for p in PEER_ORDER if p in versions] + ["openssl speed"]
    print("peers (median of the runs): " + "; ".join(f"{p}: {versions[p]}" for p in shown if p in versions))

    for op, title in OPS:
        targets = [(peer, x) for o, peer, x in TARGETS if o == op]
        cols = peers[op]
        print()
        print(f"**{title}** (`{op}`), ops/s; in brackets hocba ÷ peer")
        print()
        head = "| hocba provider | hocba ops/s | " + " | ".join(cols) + " | target | met? |"
        print(head)
        print("|---|---:|" + "---:|" * len(cols) + "---|---|")
        for provider in PROVIDERS:
            ns, _, _ = hocba[(op, provider)]
            ours = 1e9 / ns
            cells = []
            for peer in cols:
                theirs = statistics.median(recs[(peer, op)]["runs"])
                cells.append(f"{fmt(theirs)} ({ours / theirs:.2f}x)")
            target = ", ".join(f"≥ {x:g}x {peer}" for peer, x in targets)
            met = ", ".join(
                "yes" if ours / statistics.median(recs[(peer, op)]["runs"]) >= x else "**no**" for peer, x in targets)
            print(f"| {provider} | {fmt(ours)} | " + " | ".join(cells) + f" | {target} | {met} |")

    print()
    print("Physical limits in the same run (`openssl speed`, one core, no XML):")
    print()
    print("| operation | ops/s (median) |")
    print("|---|---:|")
    for op, label in LIMITS:
        r = recs.get(("openssl speed", op))
        if r:
            print(f"| {label} | {fmt(statistics.median(r['runs']))} |")
    # The same private-key operation through hocba's providers (hashing a 600-byte SignedInfo first):
    # what `sign-30k` spends on RSA, so the rest of its time is the XML work.
    for provider in PROVIDERS:
        try:
            ns, _, _ = load_criterion(args.criterion, "rsa2048-sign-signedinfo", provider)
        except (OSError, KeyError, ValueError):
            continue
        print(f"| RSA-2048 sign of a 600-byte SignedInfo, hocba {provider} provider | {fmt(1e9 / ns)} |")

    print()
    for op, title in OPS:
        for provider in PROVIDERS:
            ns, lo, hi = hocba[(op, provider)]
            print(f"- {title}, hocba {provider}: median {ns / 1e6:.3f} ms/op (95% CI {lo / 1e6:.3f}-{hi / 1e6:.3f})")
        for peer in peers[op]:
            r = recs[(peer, op)]
            runs = r["runs"]
            print(f"- {title}, {peer}: {len(runs)} runs x {r['iters_per_run']} ops, "
                  f"{min(runs):,.1f}-{max(runs):,.1f} ops/s, median {1000 / statistics.median(runs):.3f} ms/op")
    for r in skipped:
        if r["op"] in {op for op, _ in OPS} or r["op"].startswith(("verify", "sign")) or r["op"] == "*":
            print(f"- not measured: {r['peer']} {r['op']}: {r['skipped']}")


if __name__ == "__main__":
    main()
