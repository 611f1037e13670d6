/** Pi4J plumbing shared by the {@code Pi4j*} adapters; not for use outside the HAL. */
package org.openintercom.hal.pi4j.internal;
