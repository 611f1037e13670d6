/**
 * Certificates for devices and services: PEM files, key pairs, CSRs, the cloud's certificate authority, the
 * manufacturer CA and birth certificates, identities in certificates, and TLS contexts (see docs/claiming.md).
 */
package org.openintercom.provisioning.pki;
