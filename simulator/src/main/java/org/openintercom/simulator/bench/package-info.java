/**
 * The claim benchmark (docs/benchmarks.md): claims, enrolls and connects many emulated devices to an in-process
 * cloud-lite, then connects the same device certificates to cloud-lite's broker and to a real Mosquitto for the
 * reference ratio.
 */
package org.openintercom.simulator.bench;
