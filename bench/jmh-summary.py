#!/usr/bin/env python3
"""Summarizes JMH JSON results (-rf json) as median and best iteration per benchmark.

On a shared machine the mean mixes in time stolen by other processes; the best iteration is the least
disturbed estimate of the cost itself, the median a typical one. Both are reported, never only the best.
Usage: bench/jmh-summary.py target/jmh-17.json [target/jmh-25.json ...]
"""
import json
import statistics
import sys

for path in sys.argv[1:]:
    print(f"## {path}")
    print(f"{'benchmark':<45} {'params':<12} {'median':>10} {'best':>10} {'unit':<6} n")
    for r in json.load(open(path)):
        raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        params = ",".join(f"{v}" for v in (r.get("params") or {}).values())
        name = r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]
        print(f"{name:<45} {params:<12} {statistics.median(raw):>10.1f} {min(raw):>10.1f} {r['primaryMetric']['scoreUnit']:<6} {len(raw)}")
