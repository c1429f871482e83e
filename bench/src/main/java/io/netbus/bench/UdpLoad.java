package io.netbus.bench;

import java.util.concurrent.atomic.LongAdder;

/** What every socket of one UDP bench run shares: the options, the phase and the live counters. */
final class UdpLoad {

  static final int WARMUP = 0;
  static final int MEASURE = 1;
  static final int DRAIN = 2;

  final UdpBench.Options options;
  final LongAdder replies = new LongAdder();
  final LongAdder errors = new LongAdder();
  final PeerCheck peer;
  volatile int phase = WARMUP;

  UdpLoad(UdpBench.Options options) {
    this.options = options;
    this.peer = new PeerCheck(options.target());
  }
}
