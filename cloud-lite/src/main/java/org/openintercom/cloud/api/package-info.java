/**
 * The installer API: services usable without HTTP ({@link org.openintercom.cloud.api.ClaimService},
 * {@link org.openintercom.cloud.api.DeviceService}, ...) and the JSON-over-HTTP server in front of them
 * ({@link org.openintercom.cloud.api.ApiServer}). See docs/cloud-api.md.
 */
package org.openintercom.cloud.api;
