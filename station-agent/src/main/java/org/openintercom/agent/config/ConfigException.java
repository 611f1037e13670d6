package org.openintercom.agent.config;

/** The station configuration is invalid; the message names the key and the bad value. */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String message) {
        super(key.isEmpty() ? message : key + ": " + message);
        this.key = key;
    }

    /** The dotted path of the offending key, e.g. {@code sip.udp-port} or {@code buttons.call.target}. */
    public String key() {
        return key;
    }
}
