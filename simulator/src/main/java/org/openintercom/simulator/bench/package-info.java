/**
 * The benchmarks (docs/benchmarks.md): the claim benchmark (claims, enrolls and connects many emulated devices to an
 * in-process cloud-lite, then connects the same certificates to cloud-lite's broker and to a real Mosquitto), the
 * firmware benchmark (verify, parallel downloads against nginx, delta size) and the media relay benchmark
 * (concurrent calls through cloud-lite's RTP relay and through rtpengine, both driven over the ng protocol).
 */
package org.openintercom.simulator.bench;
