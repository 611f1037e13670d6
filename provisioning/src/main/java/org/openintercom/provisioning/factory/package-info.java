/** What the factory writes onto each device (identity, birth key and certificate, claim code) and its label. */
package org.openintercom.provisioning.factory;
