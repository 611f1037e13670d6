package org.openintercom.cloud.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.openintercom.cloud.auth.PasswordHasher;
import org.openintercom.cloud.auth.Role;
import org.openintercom.cloud.auth.ScopeType;
import org.openintercom.cloud.auth.SecretFiles;
import org.openintercom.cloud.store.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first administrator ({@code admin}, ADMIN of the whole system) when there are no users:
 * with the configured initial password, or a random one written to {@code <dataDir>/admin-password}.
 */
public final class AdminBootstrap {

    /** The first administrator's username. */
    public static final String ADMIN = "admin";
    /** The file in the data directory that receives a generated password. */
    public static final String PASSWORD_FILE = "admin-password";

    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

    private AdminBootstrap() {
    }

    /**
     * Creates {@code admin} if the users table is empty.
     *
     * @return the file holding the generated password, if one was generated
     */
    public static Optional<Path> ensureAdmin(UserStore users, PasswordHasher hasher, Path dataDir,
            String initialPassword) {
        if (users.count() > 0) {
            return Optional.empty();
        }
        String password = initialPassword != null ? initialPassword : randomPassword();
        if (users.create(ADMIN, hasher.hash(password)).isEmpty()) {
            return Optional.empty();
        }
        users.assign(ADMIN, Role.ADMIN, ScopeType.SYSTEM, 0);
        if (initialPassword != null) {
            LOG.info("Created user {} with the configured initial password", ADMIN);
            return Optional.empty();
        }
        Path file = dataDir.resolve(PASSWORD_FILE);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + file, e);
        }
        SecretFiles.createOwnerOnly(file, (password + "\n").getBytes(StandardCharsets.UTF_8));
        LOG.warn("Created user {} with a random password, written to {}; sign in and change it", ADMIN, file);
        return Optional.of(file);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
