/**
 * Implementation of the PKI package: certificate building, key policy, revocation store, atomic files. Not an API
 * for other projects; within this reactor the {@code ota} module's release CA builds its certificates and writes its
 * key files with {@code Certs} and {@code SecureFiles} rather than keeping a second copy of them.
 */
package org.openintercom.provisioning.pki.internal;
