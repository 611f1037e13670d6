/**
 * The firmware repository: signed bundles uploaded by operators (refused unless signed by the release CA),
 * stored on disk or in S3-compatible storage, served to devices with HTTP Range under per-device rate caps,
 * and patches between known versions precomputed for delta updates. See docs/ota.md.
 */
package org.openintercom.cloud.firmware;
