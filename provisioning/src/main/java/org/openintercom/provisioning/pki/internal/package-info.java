/**
 * Implementation of the PKI package: certificate building, key policy, revocation store, atomic files. Not an API
 * for other projects; within this reactor other modules use {@code Certs} (the release CA in {@code ota}) and
 * {@code SecureFiles} (atomic, synced, owner-only files: the station's credentials and state, the A/B slot
 * state, the cloud's passphrase) rather than keeping second copies of them.
 */
package org.openintercom.provisioning.pki.internal;
