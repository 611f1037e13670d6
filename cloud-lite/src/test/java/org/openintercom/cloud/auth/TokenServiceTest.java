package org.openintercom.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.store.MutableClock;

class TokenServiceTest {

    @TempDir
    Path dataDir;

    private final MutableClock clock = MutableClock.start();

    @Test
    void an_issued_token_verifies_to_its_user_until_it_expires() {
        TokenService tokens = TokenService.withSecretFile(dataDir.resolve("jwt.secret"), Duration.ofHours(8), clock);

        IssuedToken token = tokens.issue("ann");

        assertThat(token.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(8)));
        assertThat(tokens.verify(token.token()).user()).contains("ann");
        clock.advance(Duration.ofHours(8));
        assertThat(tokens.verify(token.token()).problem()).contains("expired");
    }

    @Test
    void the_secret_file_is_created_owner_only_and_reused() throws Exception {
        Path file = dataDir.resolve("jwt.secret");
        TokenService first = TokenService.withSecretFile(file, Duration.ofHours(1), clock);
        TokenService second = TokenService.withSecretFile(file, Duration.ofHours(1), clock);

        assertThat(Files.size(file)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(second.verify(first.issue("ann").token()).isValid()).isTrue();
    }

    @Test
    void a_token_signed_with_another_secret_or_tampered_with_is_refused() {
        TokenService ours = TokenService.withSecretFile(dataDir.resolve("a"), Duration.ofHours(1), clock);
        TokenService theirs = TokenService.withSecretFile(dataDir.resolve("b"), Duration.ofHours(1), clock);
        String token = theirs.issue("ann").token();

        assertThat(ours.verify(token).problem()).contains("signature");
        assertThat(ours.verify("not.a.token").isValid()).isFalse();
        assertThat(ours.verify("garbage").problem()).contains("not a signed JWT");
    }

    @Test
    void a_token_from_another_issuer_is_refused() {
        byte[] secret = new byte[32];
        TokenService ours = new TokenService(secret, "us", Duration.ofHours(1), clock);
        TokenService theirs = new TokenService(secret, "them", Duration.ofHours(1), clock);

        assertThat(ours.verify(theirs.issue("ann").token()).problem()).contains("issued by someone else");
    }
}
