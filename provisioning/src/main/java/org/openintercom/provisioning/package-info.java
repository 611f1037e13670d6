/** Device identity, claim codes, certificates and the device channel contract. */
package org.openintercom.provisioning;
