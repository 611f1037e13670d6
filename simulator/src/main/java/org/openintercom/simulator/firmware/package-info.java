/** Firmware of emulated stations: their images (good and bad builds) and signed releases for rollouts. */
package org.openintercom.simulator.firmware;
