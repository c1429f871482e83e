/**
 * Live counters of a node's endpoints, kept by the modules that own the sockets and read by the
 * node's operations side (admin status on the bus, Prometheus metrics, the console). One
 * {@link io.netbus.contract.stats.NodeStats} per Vert.x instance; modules never see each other's
 * counters except through it.
 */
package io.netbus.contract.stats;
