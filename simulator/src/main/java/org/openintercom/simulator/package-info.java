/**
 * The simulator: runs emulated stations (real agents, real SIP and RTP on loopback, emulated hardware) from a
 * scenario file, scripted or interactive, printing call states and relay/IO events as they happen. The demo
 * and the call benchmark are built on it.
 */
package org.openintercom.simulator;
