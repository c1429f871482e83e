#!/usr/bin/env python3
"""A storm of new TLS connections at a fixed rate, for bench/compare.sh's `tls` section.

Each connection is opened on a fixed schedule (open loop), its handshake verified against --ca and
the host name, then closed; its latency runs from its scheduled start to the end of its handshake.
OpenSSL (through Python's ssl) does the handshakes: on a small machine a client costs the CPU the
server under test needs, and OpenSSL's handshake is several times cheaper than the JDK's (`netbus
bench handshake` does the same with the JDK). Prints a JSON report shaped like `netbus bench
--json` (count, rate, errors, errorDetail, latencyMicros).

  handshake_storm.py HOST PORT --ca FILE --rate 500 --seconds 10 [--warmup 2] [--timeout 10]
"""
import argparse
import asyncio
import json
import ssl
import time


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


async def storm(a):
    ctx = ssl.create_default_context(cafile=a.ca)  # verifies the chain and the host name (IP SANs too)
    total = int(a.rate * (a.warmup + a.seconds))
    start = time.monotonic() + 0.05
    measure_start = start + a.warmup
    latencies, failures, first_failure = [], 0, None
    tasks = set()

    async def one(intended):
        nonlocal failures, first_failure
        try:
            _, writer = await asyncio.wait_for(
                asyncio.open_connection(a.host, a.port, ssl=ctx, server_hostname=a.host), a.timeout)
            done = time.monotonic()
            writer.close()
            if intended >= measure_start:
                latencies.append(done - intended)
        except Exception as e:  # refused, handshake failure, timeout: an error of the run
            if intended >= measure_start:
                failures += 1
                first_failure = first_failure or "%s: %s" % (type(e).__name__, e)

    for i in range(total):
        intended = start + i / a.rate
        delay = intended - time.monotonic()
        if delay > 0.001:
            await asyncio.sleep(delay)
        t = asyncio.ensure_future(one(intended))
        tasks.add(t)
        t.add_done_callback(tasks.discard)
    if tasks:
        await asyncio.wait(tasks)
    latencies.sort()
    us = lambda s: round(s * 1e6, 1)
    count = len(latencies)
    report = {
        "kind": "handshake", "target": "%s:%d" % (a.host, a.port), "client": "python ssl (OpenSSL %s)" % ssl.OPENSSL_VERSION,
        "parameters": {"rate": a.rate, "seconds": a.seconds, "warmup": a.warmup},
        "count": count, "seconds": a.seconds, "rate": count / a.seconds,
        "errors": failures, "errorDetail": {"failed": failures},
        "latencyMicros": {"samples": count, "p50": us(percentile(latencies, 0.5)), "p90": us(percentile(latencies, 0.9)),
                          "p99": us(percentile(latencies, 0.99)), "max": us(latencies[-1]) if latencies else float("nan")},
    }
    if first_failure:
        report["firstFailure"] = first_failure
    return report


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("--ca", required=True)
    ap.add_argument("--rate", type=float, default=500)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--warmup", type=float, default=2)
    ap.add_argument("--timeout", type=float, default=10)
    a = ap.parse_args()
    if not (0 < a.rate <= 100000 and 0 < a.seconds <= 3600 and 0 <= a.warmup <= 3600):
        ap.error("--rate, --seconds or --warmup out of range")
    print(json.dumps(asyncio.run(storm(a)), indent=2))


if __name__ == "__main__":
    main()
