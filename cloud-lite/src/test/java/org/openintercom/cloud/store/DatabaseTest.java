package org.openintercom.cloud.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @Test
    void the_embedded_database_keeps_its_data_across_restarts(@TempDir Path dataDir) {
        DatabaseConfig config = DatabaseConfig.embedded(dataDir);
        try (Database db = Database.open(config)) {
            new UserStore(db, Clock.systemUTC()).create("ann", "hash");
        }
        try (Database db = Database.open(config)) {
            assertThat(new UserStore(db, Clock.systemUTC()).find("ann")).isPresent();
        }
        assertThat(config.jdbcUrl()).startsWith("jdbc:h2:file:").endsWith("cloud;AUTO_SERVER=FALSE");
    }

    @Test
    void a_database_that_cannot_be_reached_fails_with_the_url_in_the_message() {
        DatabaseConfig config = DatabaseConfig.builder().jdbcUrl("jdbc:postgresql://127.0.0.1:1/none").build();
        assertThatThrownBy(() -> Database.open(config))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/none");
    }

    @Test
    void a_failed_transaction_leaves_earlier_writes_in_place() {
        try (var db = TestDatabase.h2()) {
            UserStore users = new UserStore(db.database(), Clock.systemUTC());
            users.create("ann", "hash");
            assertThatThrownBy(() -> db.database().inTransaction("fail", c -> {
                c.createStatement().executeUpdate("DELETE FROM users");
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(users.find("ann")).isPresent();
        }
    }
}
