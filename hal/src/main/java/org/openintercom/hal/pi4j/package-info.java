/**
 * Raspberry Pi adapters through Pi4J 3 (gpiod): {@link org.openintercom.hal.pi4j.Pi4jStationHardware} builds one
 * {@code Pi4j*} adapter per device of a model on the pins of a {@link org.openintercom.hal.pi4j.PinMap}; inputs
 * go through the same debounce and long-press logic as the emulated adapters.
 */
package org.openintercom.hal.pi4j;
