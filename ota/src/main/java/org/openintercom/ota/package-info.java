/**
 * Firmware update bundles: the manifest, the {@code .oib} container, the release CA, signing, streaming
 * verification, per-chunk checks, compatibility checks and the {@code oi-ota} command line (see docs/ota.md).
 */
package org.openintercom.ota;
