/**
 * The MQTT side of cloud-lite: an embedded broker with mutual TLS whose clients are identified by their
 * certificates and confined to their own topic subtree, and the equivalent configuration for an external
 * Mosquitto (see docs/mqtt.md).
 */
package org.openintercom.cloud.mqtt;
