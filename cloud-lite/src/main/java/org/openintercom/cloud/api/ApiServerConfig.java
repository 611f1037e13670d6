package org.openintercom.cloud.api;

import java.util.Objects;

/** Where the installer API listens: bind address (default 127.0.0.1) and port (0 = any free port). */
public final class ApiServerConfig {

    /** The default port. */
    public static final int DEFAULT_PORT = 8080;

    private final String bindAddress;
    private final int port;

    private ApiServerConfig(Builder b) {
        this.bindAddress = Objects.requireNonNull(b.bindAddress, "bindAddress");
        this.port = b.port;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int port() {
        return port;
    }

    /** Builds an {@link ApiServerConfig}. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port = DEFAULT_PORT;

        private Builder() {
        }

        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public ApiServerConfig build() {
            return new ApiServerConfig(this);
        }
    }
}
