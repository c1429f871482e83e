package io.netbus.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every connection of one TCP bench run shares: the options, the messages and their
 * replies, the phase (warm-up, measure, drain) and the live counters the progress line reads.
 * With a count, {@code sendPermits} bounds the messages sent while measuring and
 * {@code toMeasure} ends the measurement at the count.
 */
final class TcpLoad {

  static final int WARMUP = 0;
  static final int MEASURE = 1;
  static final int DRAIN = 2;

  final TcpBench.Options options;
  final Payloads payloads;
  final int wireSize;
  final LongAdder replies = new LongAdder();
  final LongAdder errors = new LongAdder();
  final PeerCheck peer;
  final AtomicLong sendPermits;
  final AtomicLong toMeasure;
  volatile int phase = WARMUP;
  volatile long measureEnd;

  TcpLoad(TcpBench.Options options) {
    this.options = options;
    this.payloads = new Payloads(Math.max(17, 2 * options.depth() + 1), options.size(), options.expect());
    this.sendPermits = new AtomicLong(options.limits().count());
    this.toMeasure = new AtomicLong(options.limits().count());
    this.wireSize = options.size() + options.framing().overhead();
    this.peer = new PeerCheck(options.target());
  }
}
