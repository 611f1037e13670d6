/**
 * Hardware abstraction for intercom stations: ports for call buttons and digital inputs ({@code io}), door
 * relays and digital outputs ({@code io}), audio ({@code audio}), camera snapshots ({@code camera}), the
 * device-model catalogue ({@code model}) and a {@link org.openintercom.hal.StationHardware} that bundles one
 * station's devices. Adapters are named by back end: {@code Pi4j*}, {@code JavaSound*}, {@code Emulated*}.
 */
package org.openintercom.hal;
