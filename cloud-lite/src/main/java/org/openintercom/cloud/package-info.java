/** cloud-lite: claiming, installer API, device endpoint, MQTT broker, persistence. */
package org.openintercom.cloud;
