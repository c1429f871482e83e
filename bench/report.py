#!/usr/bin/env python3
"""Turns compare.sh's results (TSV: section, figure, netbus, baseline label, baseline, unit, target)
into BENCHMARKS.md: one table of figures with the ratio netbus / baseline and whether the
product's target is met."""
import argparse
import datetime
import math
import os

SECTIONS = [
    ("tcp", "TCP echo (32-byte messages, pipelined; line vs line, raw vs raw-chunk servers)"),
    ("latency", "Latency under load (TCP line echo, open loop at a fixed rate, corrected for coordinated omission)"),
    ("udp", "UDP echo"),
    ("file", "Files"),
    ("bus", "Event bus"),
    ("tls", "TLS (one node, the same listeners with and without TLS)"),
    ("forward", "Forwarding (netbus forward vs socat, haproxy, stunnel4)"),
    ("metrics", "Cost of the metrics section"),
    ("startup", "Start-up"),
    ("memory", "Idle connections"),
    ("limit", "Against the physical limit (iperf3 on loopback)"),
]


def num(text):
    try:
        v = float(text)
        return None if math.isnan(v) else v
    except (TypeError, ValueError):
        return None


def fmt(v, unit):
    if v is None:
        return "n/a"
    if unit in ("s",):
        return "%.2f s" % v
    if unit in ("us",):
        return ("%.1f ms" % (v / 1000)) if v >= 10000 else ("%.0f µs" % v)
    if unit in ("MiB",):
        return "%.1f MiB" % v
    if unit in ("MB/s",):
        return "%.0f MB/s" % v
    if unit == "B":
        return "%s B" % format(int(round(v)), ",")
    if v >= 1000:
        return format(int(round(v)), ",")
    return "%.1f" % v


def verdict(target, netbus, baseline):
    """'met', 'missed (...)' or '' for a target like ratio>=0.85 or value<1.5."""
    if not target:
        return ""
    spec = target.split(" ")[0]
    suffix = target[len(spec):].strip()
    if netbus is None:
        return "%s: not measured %s" % (spec, suffix)
    if spec.startswith("ratio>="):
        want = float(spec[len("ratio>="):])
        if baseline in (None, 0):
            return "%s: no baseline" % spec
        got = netbus / baseline
        return ("met (%s)" % spec) if got >= want else ("**missed** (%s, by %.0f%%)" % (spec, (want - got) / want * 100))
    if spec.startswith("ratio<="):
        want = float(spec[len("ratio<="):])
        if baseline in (None, 0):
            return "%s: no baseline" % spec
        got = netbus / baseline
        return ("met (%s)" % spec) if got <= want else ("**missed** (%s, by %.0f%%)" % (spec, (got - want) / want * 100))
    if spec.startswith("value<"):
        want = float(spec[len("value<"):])
        return ("met (< %g)" % want) if netbus < want else ("**missed** (< %g)" % want)
    return spec


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--machine", default="")
    ap.add_argument("--mode", default="")
    ap.add_argument("--load", default="")
    ap.add_argument("--note", default="")
    ap.add_argument("--errors", default="")
    ap.add_argument("--chart", default="")
    ap.add_argument("--profile", default="")
    ap.add_argument("--latency-chart", default="")
    a = ap.parse_args()

    rows = []
    with open(a.results) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 7:
                rows.append((parts + [""])[:8])

    errors = []
    if a.errors and os.path.exists(a.errors):
        with open(a.errors) as f:
            errors = [l.strip() for l in f if l.strip()]

    out = []
    out.append("# netbus benchmarks")
    out.append("")
    out.append("Written by `bench/compare.sh` (re-run it to refresh this file: it installs the peers it needs,")
    out.append("builds the jar and measures everything in one run on the current machine). Every figure is")
    out.append("measured against a baseline **in the same run**, so the ratio is the number to read;")
    out.append("absolute figures depend on the machine. Client and servers share the machine's cores.")
    out.append("")
    out.append("- Run: %s, %s" % (datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), a.mode))
    out.append("- Machine: %s" % a.machine)
    out.append("- Load average (1/5/15 min) at start -> end: %s" % a.load)
    if a.note:
        out.append("- **Note: %s**" % a.note)
    out.append("")
    out.append("Ratio = netbus / baseline (for latency, start-up time and memory, lower is better).")
    out.append("")
    for key, title in SECTIONS:
        section = [r for r in rows if r[0] == key]
        if not section:
            continue
        out.append("## " + title)
        out.append("")
        out.append("| figure | netbus | baseline | baseline value | ratio | target |")
        out.append("|---|---:|---|---:|---:|---|")
        for _, figure, nb, label, base, unit, target, prefix in section:
            n, b = num(nb), num(base)
            shown = fmt(n, unit)
            if n is None and prefix and any(e.startswith(prefix) for e in errors):
                shown = "errors, see below"
            ratio = "%.2f" % (n / b) if n is not None and b not in (None, 0) else "n/a"
            out.append("| %s | %s | %s | %s | %s | %s |" % (figure, shown, label, fmt(b, unit), ratio,
                                                          verdict(target, n, b)))
        out.append("")
        if key == "tcp" and a.chart:
            out.append("![TCP echo throughput by connections x depth](%s)" % a.chart)
            out.append("")
        if key == "latency" and a.latency_chart:
            out.append("![Latency percentiles under load by rate](%s)" % a.latency_chart)
            out.append("")
    out.append("## Errors seen by the load generator")
    out.append("")
    if errors:
        out.append("A run with wrong replies, lost replies, failed connections or no reply at all is listed")
        out.append("here and gives no figure (a wrong reply is an error, not a number).")
        out.append("")
        for e in errors:
            out.append("- `%s`" % e)
    else:
        out.append("None: every reply of every run was checked and correct.")
    out.append("")
    if a.profile and os.path.exists(a.profile):
        out.append("## Where the netbus node spends its time (JFR, during the TCP runs)")
        out.append("")
        with open(a.profile) as f:
            out.append(f.read().rstrip())
        out.append("")
    out.append("## How each figure is measured")
    out.append("")
    out.append("- TCP: `netbus bench tcp` (Vert.x client, every reply checked, latency in HdrHistogram)")
    out.append("  against each server in turn; 1 x 64, 16 x 64 and 256 x 16 connections x pipeline depth;")
    out.append("  `line` framing against line servers, `raw` against raw-chunk echo servers (`socat")
    out.append("  TCP-LISTEN:...,fork PIPE`, `bench/echo_threaded.py` thread per client, seed style).")
    out.append("  Bare Vert.x: `io.netbus.bench.baseline.VertxTcpEcho` (RecordParser line echo /")
    out.append("  pipeTo raw echo) with as many instances as netbus's `tcp.instances`.")
    out.append("- Latency under load: `netbus bench tcp --rate N` (open loop, wrk2-style): each connection")
    out.append("  sends on a fixed schedule whatever the replies do, and each latency runs from the message's")
    out.append("  intended send time, so a late send (the client's timer, a full write queue, the most in")
    out.append("  flight reached) is charged to the server's queue as a user would see it (no synthetic")
    out.append("  samples). First 1,000 connections x 20 msg/s for 60 s (see the figure names for this run),")
    out.append("  then a sweep of total rates up to saturation (reply rate < 95% of the rate asked, or replies")
    out.append("  lost: those steps show under Errors). Netbus's `echo` line listener against the bare Vert.x")
    out.append("  RecordParser echo; the JSON reports carry `sendLagMicros`, the client's own lateness.")
    out.append("- UDP: `netbus bench udp`, one socket, 256 datagrams in flight, 64 bytes; lost after 500 ms.")
    out.append("  Baselines `VertxUdpEcho`, `JdkUdpEcho` (blocking DatagramChannel loop), `socat UDP4-LISTEN,fork PIPE`.")
    out.append("- Files: `netbus bench file` reads to EOF with a blocking socket and a 1 MiB buffer (as fast")
    out.append("  as `nc` on the receiving end) from netbus's `push` listener, `nc -N -l < file`, socat `OPEN:file`")
    out.append("  and a bare Vert.x `sendFile` server; `get` and `put` speak the netbus file protocol to the")
    out.append("  `exchange` listener (put is timed to the server's verdict: SHA-256 verified, fsynced), the")
    out.append("  put baseline is `nc -l > file` fed by `netbus bench file --mode send`.")
    out.append("- Event bus: `netbus bench bus` through the node's TCP bridge (one bridge connection answers,")
    out.append("  one asks), in-process on a local Vert.x event bus, and between two Hazelcast-clustered")
    out.append("  nodes in one process (`--cluster-port`).")
    out.append("- TLS: one node with a line echo and an exchange listener twice, with and without `\"tls\": true`")
    out.append("  (certificates from `netbus certs`, the client verifying the server against the CA and its")
    out.append("  name); `netbus bench tcp --ca` and `bench file --ca --mode get`. The storm: 16 open TLS")
    out.append("  connections send at a fixed rate (open loop) while `netbus bench handshake` opens new TLS")
    out.append("  connections at a fixed rate (each closed after its handshake); p99 against the same run")
    out.append("  without the storm.")
    out.append("- Forwarding: iperf3 (1 stream) and `netbus bench tcp --framing raw` (256 x 16) through")
    out.append("  `netbus forward`, `socat TCP-LISTEN,fork TCP:` and haproxy (`mode tcp`) to an iperf3 server and")
    out.append("  a bare Vert.x pipeTo echo; TLS termination: `bench file --mode push --ca` through a netbus")
    out.append("  forward listener with `\"tls\": true` and through stunnel4 (same certificate) to the node's")
    out.append("  plaintext push listener.")
    out.append("- Metrics: two nodes with the same line echo listener, one with a `metrics` section.")
    out.append("- Start-up: from `java -jar netbus.jar run` to the first accepted connection on its listener.")
    out.append("- Memory: heap in use after a full GC (`jcmd GC.run`, `jstat -gc`) before and while")
    out.append("  `netbus bench idle` holds the connections open; RSS from /proc.")
    out.append("- Physical limit: `iperf3` TCP stream and UDP 64-byte datagrams (`-b 0 -l 64`) on loopback.")
    out.append("")
    with open(a.out, "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
