/** Implementation of the OTA package: the container layout, hashing, chain validation; not for use outside ota. */
package org.openintercom.ota.internal;
