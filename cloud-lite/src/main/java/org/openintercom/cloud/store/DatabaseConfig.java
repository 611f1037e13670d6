package org.openintercom.cloud.store;

import java.nio.file.Path;
import java.util.Objects;

/** Where the database is and how to reach it: JDBC URL, credentials and connection pool size. */
public final class DatabaseConfig {

    /** Connections kept in the pool unless configured otherwise. */
    public static final int DEFAULT_POOL_SIZE = 10;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final int poolSize;

    private DatabaseConfig(Builder b) {
        this.jdbcUrl = Objects.requireNonNull(b.jdbcUrl, "jdbcUrl (or dataDir) must be set");
        this.user = b.user;
        this.password = b.password;
        this.poolSize = b.poolSize;
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, was " + poolSize);
        }
    }

    /** A builder with no URL yet. */
    public static Builder builder() {
        return new Builder();
    }

    /** The embedded H2 database file {@code <dataDir>/cloud.mv.db}. */
    public static DatabaseConfig embedded(Path dataDir) {
        return builder().dataDir(dataDir).build();
    }

    /** The JDBC URL. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The database user, or null. */
    public String user() {
        return user;
    }

    /** The database password, or null. */
    public String password() {
        return password;
    }

    /** Connections in the pool. */
    public int poolSize() {
        return poolSize;
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return builder().jdbcUrl(jdbcUrl).user(user).password(password).poolSize(poolSize);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[" + jdbcUrl + ", user " + user + ", pool " + poolSize + "]";
    }

    /** Builds a {@link DatabaseConfig}. */
    public static final class Builder {
        private String jdbcUrl;
        private String user;
        private String password;
        private int poolSize = DEFAULT_POOL_SIZE;

        private Builder() {
        }

        /** Uses the embedded H2 file database in {@code dataDir}. */
        public Builder dataDir(Path dataDir) {
            this.jdbcUrl = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("cloud") + ";AUTO_SERVER=FALSE";
            return this;
        }

        /** Uses {@code jdbcUrl} (H2 or PostgreSQL). */
        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        /** The database user. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The database password. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Connections kept in the pool. */
        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /** The configuration. */
        public DatabaseConfig build() {
            return new DatabaseConfig(this);
        }
    }
}
