package org.openintercom.cloud.calls.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.UserProfile;
import org.openintercom.cloud.calls.sip.SipAccount;
import org.openintercom.cloud.store.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the call directory tables into a {@link DirectorySnapshot} and writes the routing models as the JSON those
 * tables keep. JSON that cannot be read is left out (and logged): a group without it, a user's rules without them
 * (the user stays), so one bad row cannot stop the relay.
 */
final class DirectoryRows {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryRows.class);
    private static final String USER_COLUMNS = "SELECT username, site_id, display_name, realm, ha1_md5, ha1_sha256,"
            + " rules, created_at, updated_at FROM sip_users";
    private static final String GROUP_COLUMNS = "SELECT group_id, site_id, definition, created_at, updated_at"
            + " FROM ring_groups";

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Every user and group in the tables, on {@code c}. */
    DirectorySnapshot load(Connection c) throws SQLException {
        List<SipUser> users = new ArrayList<>();
        for (Optional<SipUser> u : Jdbc.list(c, USER_COLUMNS, ps -> { }, rs -> {
            String username = rs.getString("username");
            SipAccount account = new SipAccount(username, rs.getString("realm"), rs.getString("ha1_md5"),
                    rs.getString("ha1_sha256"));
            String rules = rs.getString("rules");
            // unreadable rules cost the user its forwarding, not its phones: it keeps registering
            Optional<UserProfile> profile = rules == null ? Optional.empty() : read(rules, UserProfile.class,
                    "the rules of SIP user " + username);
            return Optional.of(new SipUser(username, rs.getLong("site_id"), rs.getString("display_name"), account,
                    profile.orElse(null), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at")));
        })) {
            u.ifPresent(users::add);
        }
        List<StoredRingGroup> groups = new ArrayList<>();
        for (Optional<StoredRingGroup> g : Jdbc.list(c, GROUP_COLUMNS, ps -> { }, rs -> {
            String id = rs.getString("group_id");
            long siteId = rs.getLong("site_id");
            Instant created = Jdbc.instant(rs, "created_at");
            Instant updated = Jdbc.instant(rs, "updated_at");
            return read(rs.getString("definition"), RingGroup.class, "ring group " + id)
                    .map(group -> new StoredRingGroup(group, siteId, created, updated));
        })) {
            g.ifPresent(groups::add);
        }
        return new DirectorySnapshot(users, groups);
    }

    private <T> Optional<T> read(String text, Class<T> type, String what) {
        try {
            return Optional.of(json.readValue(text, type));
        } catch (JsonProcessingException e) {
            // one unreadable row must not take the relay down; it stays in the database for a person to fix
            LOG.error("Skipping {}: its stored JSON cannot be read ({})", what, e.getOriginalMessage());
            return Optional.empty();
        }
    }

    String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
