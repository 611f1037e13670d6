package org.openintercom.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    @Test
    void a_hash_carries_its_parameters_and_verifies_only_the_right_password() {
        String hash = hasher.hash("correct horse");

        assertThat(hash).startsWith("pbkdf2-sha256$210000$");
        assertThat(hasher.verify("correct horse", hash)).isTrue();
        assertThat(hasher.verify("correct hors", hash)).isFalse();
    }

    @Test
    void the_same_password_hashes_differently_each_time() {
        assertThat(hasher.hash("pw")).isNotEqualTo(hasher.hash("pw"));
    }

    @Test
    void an_unknown_user_is_refused() {
        assertThat(hasher.verify("pw", null)).isFalse();
    }

    @Test
    void too_few_iterations_are_refused() {
        assertThatThrownBy(() -> new PasswordHasher(1000)).hasMessageContaining("below the minimum");
        assertThat(hasher.verify("pw", "pbkdf2-sha256$1000$AAAA$AAAA")).isFalse();
    }
}
