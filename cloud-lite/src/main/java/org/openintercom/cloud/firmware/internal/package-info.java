/** Implementation of the firmware repository: request signing for S3. Not for use outside cloud-lite. */
package org.openintercom.cloud.firmware.internal;
