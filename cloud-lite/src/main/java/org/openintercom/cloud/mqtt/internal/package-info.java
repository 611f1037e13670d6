/** Implementation of the embedded broker's access control (HiveMQ extension); not for use outside this package tree. */
package org.openintercom.cloud.mqtt.internal;
