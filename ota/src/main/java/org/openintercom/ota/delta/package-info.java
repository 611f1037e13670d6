/**
 * Delta updates: a patch turns the payload of one firmware version (the base) into the payload of the next (the
 * target) with zstd "patch-from" compression, the base being the raw-content dictionary (docs/ota.md, "Delta
 * updates"). Patches are not signed: the device checks what it produced against the signed manifest of the full
 * bundle, chunk by chunk, and falls back to the full bundle for anything that does not match.
 */
package org.openintercom.ota.delta;
