package org.openintercom.cloud.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, migrated database for one test: an in-memory H2 database, or a new schema in the PostgreSQL
 * database named by {@code OI_TEST_POSTGRES_URL} (+ {@code _USER}, {@code _PASSWORD}), dropped on close.
 * Without that variable the PostgreSQL variant is skipped, or fails when {@code CI=true}.
 */
public final class TestDatabase implements AutoCloseable {

    /** The database products the store tests run against. */
    public enum Kind {
        H2, POSTGRESQL;

        /** A fresh database of this kind. */
        public TestDatabase open() {
            return this == H2 ? h2() : postgres();
        }
    }

    private final Database database;
    private final Runnable cleanup;

    private TestDatabase(Database database, Runnable cleanup) {
        this.database = database;
        this.cleanup = cleanup;
    }

    /** The kinds for {@code @MethodSource("org.openintercom.cloud.store.TestDatabase#kinds")}. */
    public static Stream<Kind> kinds() {
        return Stream.of(Kind.values());
    }

    /** A fresh in-memory H2 database. */
    public static TestDatabase h2() {
        String url = "jdbc:h2:mem:test-" + UUID.randomUUID() + "";
        // without DB_CLOSE_DELAY the database disappears with the pool's last connection
        Database db = Database.open(DatabaseConfig.builder().jdbcUrl(url).poolSize(4).build());
        return new TestDatabase(db, () -> { });
    }

    /** A fresh schema in the PostgreSQL test database (see the class comment). */
    public static TestDatabase postgres() {
        String url = System.getenv("OI_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            String message = "OI_TEST_POSTGRES_URL is not set: the PostgreSQL variant of the store tests"
                    + " needs a database (e.g. jdbc:postgresql://127.0.0.1:5432/oi_test with"
                    + " OI_TEST_POSTGRES_USER/OI_TEST_POSTGRES_PASSWORD)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + "; on CI it is required");
            }
            Assumptions.abort(message);
        }
        String user = System.getenv("OI_TEST_POSTGRES_USER");
        String password = System.getenv("OI_TEST_POSTGRES_PASSWORD");
        String schema = "oi_test_" + UUID.randomUUID().toString().replace("-", "");
        execute(url, user, password, "CREATE SCHEMA " + schema);
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Database db;
        try {
            db = Database.open(DatabaseConfig.builder().jdbcUrl(schemaUrl).user(user).password(password)
                    .poolSize(4).build());
        } catch (RuntimeException e) {
            execute(url, user, password, "DROP SCHEMA " + schema + " CASCADE");
            throw e;
        }
        return new TestDatabase(db, () -> execute(url, user, password, "DROP SCHEMA " + schema + " CASCADE"));
    }

    /** The migrated database. */
    public Database database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
        cleanup.run();
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on " + url + ": " + e.getMessage(), e);
        }
    }
}
