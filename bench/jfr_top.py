#!/usr/bin/env python3
"""Top methods (by on-CPU samples, top frame) of a JFR recording, as a Markdown table.

    python3 bench/jfr_top.py RECORDING.jfr [N]
"""
import collections
import json
import subprocess
import sys


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "1", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    counts = collections.Counter()
    for e in events:
        frames = e["values"].get("stackTrace", {}) or {}
        frames = frames.get("frames") or []
        if not frames:
            continue
        m = frames[0]["method"]
        name = "%s.%s" % (m["type"]["name"], m["name"])
        counts[name] += 1
    total = sum(counts.values())
    if not total:
        print("(no execution samples)")
        return
    print("| share of samples | method (top frame) |")
    print("|---:|---|")
    for name, n in counts.most_common(top):
        print("| %.1f%% | `%s` |" % (100.0 * n / total, name))
    print("")
    print("%d samples." % total)


if __name__ == "__main__":
    main()
