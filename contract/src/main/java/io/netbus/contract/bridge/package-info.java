/**
 * The TCP event-bus bridge's wire format (a 4-byte length, then JSON), shared by the bridge
 * module's server and client and by the load generator, which may depend on contract only.
 */
package io.netbus.contract.bridge;
