#!/usr/bin/env python3
"""Verify the same signed transcript with hocba (Python binding), python-xmlsec and signxml, in one process and
one run, with 1 and 2 threads.

usage: python_verify.py INPUTS_DIR RESULTS_DIR      (inputs: ../shared/bench/peers/make_inputs.py)

The operation is the peers' `verify-30k-both` (../shared/bench/peers/bench_py.py, whose loader and timing this
reuses): from the bytes of transcript-30k-signed.xml in memory, parse and verify both signatures against the
pinned RSA-2048 certificate, loaded once where the library can hold it (python-xmlsec's Key, signxml's
certificate object; hocba takes the certificate's PEM bytes on each call and reads them each time). Each
verifier is first checked to accept the file and to reject a copy with one score changed.

Threads: 1 thread = benchlib.measure (calibrated loop, BENCH_RUNS runs of ~BENCH_RUN_S s, median rate).
2 threads = the same number of calls per thread, both threads started together; rate = all calls / wall time
of the slower thread; BENCH_RUNS runs, median.
"""
import json
import os
import statistics
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS_DIR = os.path.join(os.environ.get("HOCBA_SHARED", os.path.join(HERE, "..", "..", "shared")), "bench", "peers")
sys.path.insert(0, PEERS_DIR)
from benchlib import RUNS, calibrate, measure  # noqa: E402
from bench_py import DS, load  # noqa: E402


def hocba_peer(d):
    import importlib.metadata as md

    import hocba

    cert = d["cert_pem"]
    version = f"hocba {md.version('hocba')} (Python binding, release build)"

    def verify_both(data):
        result = hocba.verify(data, trusted_certs=cert)
        assert len(result.signatures) == 2
        return True

    def rejects(data):
        try:
            hocba.verify(data, trusted_certs=cert)
        except hocba.SignatureError:
            return True
        return False

    return version, verify_both, rejects


def xmlsec_peer(d):
    import xmlsec
    from lxml import etree

    version = (f"python-xmlsec {xmlsec.__version__} / libxmlsec1 {'.'.join(map(str, xmlsec.get_libxmlsec_version()))}"
               f" / libxml2 {'.'.join(map(str, xmlsec.get_libxml_version()))}")
    pub = xmlsec.Key.from_memory(d["cert_pem"], xmlsec.constants.KeyDataFormatCertPem)

    def verify_both(data):  # as bench_py.peer_xmlsec
        root = etree.fromstring(data)
        xmlsec.tree.add_ids(root, ["Id"])
        signatures = root.findall(".//ds:Signature", {"ds": DS})
        assert len(signatures) == 2
        for signature in signatures:
            ctx = xmlsec.SignatureContext()
            ctx.key = pub
            ctx.verify(signature)
        return True

    def rejects(data):
        try:
            verify_both(data)
        except xmlsec.Error:
            return True
        return False

    return version, verify_both, rejects


def signxml_peer(d):
    import importlib.metadata as md

    from cryptography import x509
    from lxml import etree
    from signxml import SignatureConfiguration, XMLVerifier
    from signxml.exceptions import InvalidSignature

    from bench_py import NS

    version = f"signxml {md.version('signxml')} / lxml {etree.__version__} / cryptography {md.version('cryptography')}"
    cert = x509.load_pem_x509_certificate(d["cert_pem"])
    configurations = [SignatureConfiguration(location=f"./{{{NS}}}DSCKS/{{{NS}}}{who}/", expect_references=2)
                      for who in ("GVCN", "HieuTruong")]

    def verify_both(data):  # as bench_py.peer_signxml, with its lxml workaround (interop-notes.md)
        for configuration in configurations:
            verifier = XMLVerifier()
            verifier.excise_empty_xmlns_declarations = True
            assert len(verifier.verify(data, x509_cert=cert, expect_config=configuration, id_attribute="Id",
                                       validate_schema=False)) == 2
        return True

    def rejects(data):
        try:
            verify_both(data)
        except InvalidSignature:
            return True
        return False

    return version, verify_both, rejects


def measure_threads(fn, threads, calls):
    rates = []
    for _ in range(RUNS):
        barrier = threading.Barrier(threads + 1)
        finished = []

        def work():
            barrier.wait()
            for _ in range(calls):
                fn()
            finished.append(time.perf_counter())

        workers = [threading.Thread(target=work) for _ in range(threads)]
        for worker in workers:
            worker.start()
        barrier.wait()
        start = time.perf_counter()
        for worker in workers:
            worker.join()
        rates.append(threads * calls / (max(finished) - start))
    return rates


def main():
    inputs, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    d = load(inputs)
    records = []
    for name, peer in (("hocba", hocba_peer), ("python-xmlsec", xmlsec_peer), ("signxml", signxml_peer)):
        version, verify_both, rejects = peer(d)
        assert verify_both(d["signed"]), f"{name} did not verify the signed file"
        assert rejects(d["tampered"]), f"{name} accepted the tampered file"
        run = lambda: verify_both(d["signed"])  # noqa: E731
        one, calls = measure(run)
        two = measure_threads(run, 2, max(1, calibrate(run) // 2))
        record = {"peer": name, "version": version, "op": "verify-30k-both", "runs_1_thread": one,
                  "runs_2_threads": two, "median_1": statistics.median(one), "median_2": statistics.median(two)}
        records.append(record)
        print(f"  {name:<14} 1 thread {record['median_1']:9.1f} ops/s   2 threads {record['median_2']:9.1f} ops/s"
              f"   ({version})", file=sys.stderr)
    with open(os.path.join(out_dir, "python-verify.jsonl"), "w") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")

    by = {r["peer"]: r for r in records}
    hocba_1, hocba_2 = by["hocba"]["median_1"], by["hocba"]["median_2"]
    lines = [
        f"date: {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}, {os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "",
        "| verifier | 1 thread ops/s | 2 threads ops/s | 2 threads / 1 thread | hocba / it, 1 thread | hocba / it, 2 threads |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in records:
        ratio_1 = "—" if r["peer"] == "hocba" else f"{hocba_1 / r['median_1']:.2f}x"
        ratio_2 = "—" if r["peer"] == "hocba" else f"{hocba_2 / r['median_2']:.2f}x"
        lines.append(f"| {r['version']} | {r['median_1']:,.0f} | {r['median_2']:,.0f} | "
                     f"{r['median_2'] / r['median_1']:.2f}x | {ratio_1} | {ratio_2} |")
    lines.append("")
    for r in records:
        lines.append(f"- {r['peer']}: 1 thread {RUNS} runs {min(r['runs_1_thread']):,.1f}-{max(r['runs_1_thread']):,.1f} "
                     f"ops/s; 2 threads {min(r['runs_2_threads']):,.1f}-{max(r['runs_2_threads']):,.1f} ops/s")
    table = "\n".join(lines) + "\n"
    with open(os.path.join(out_dir, "python-verify-table.md"), "w") as out:
        out.write(table)
    print(table)


if __name__ == "__main__":
    main()
