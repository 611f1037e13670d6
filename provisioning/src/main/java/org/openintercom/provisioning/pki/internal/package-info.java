/** Implementation of the PKI package: certificate building, key policy, revocation store, atomic files. */
package org.openintercom.provisioning.pki.internal;
