package org.openintercom.agent.cloud;

import java.net.URI;
import javax.net.ssl.SSLContext;

/** Where a station talks to the cloud's device API: its base URI and the TLS context with the device certificate. */
public record DeviceApiTarget(URI deviceApi, SSLContext tls) {
}
