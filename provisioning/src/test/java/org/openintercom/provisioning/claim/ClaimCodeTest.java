package org.openintercom.provisioning.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClaimCodeTest {

    private static KeyPair key;

    @BeforeAll
    static void key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        key = g.generateKeyPair();
    }

    @Test
    void typed_form_and_qr_payload_read_back_to_the_same_code() {
        ClaimCode code = ClaimCode.newFor(DeviceId.random(), key.getPublic());

        assertThat(code.typed()).matches("([0-9A-Z]{4}-){8}[0-9A-Z]{4}");
        assertThat(code.qrPayload()).startsWith("OI:1").hasSize(39);
        assertThat(ClaimCode.parse(code.typed())).isEqualTo(code);
        assertThat(ClaimCode.parse(code.qrPayload())).isEqualTo(code);
        assertThat(ClaimCode.parse(code.typed().toLowerCase().replace('-', ' '))).isEqualTo(code);
        assertThat(code.matchesKey(key.getPublic())).isTrue();
    }

    @Test
    void look_alike_letters_are_read_as_digits() {
        ClaimCode code = new ClaimCode(new DeviceId("1000000001"), "0000000000AB", "111111111111");
        String typed = code.typed().replace('1', 'l').replace('0', 'O');
        assertThat(typed).contains("l").contains("O");

        assertThat(ClaimCode.parse(typed)).isEqualTo(code);
    }

    @Test
    void every_single_mistyped_symbol_is_refused() {
        ClaimCode code = ClaimCode.newFor(DeviceId.random(), key.getPublic());
        String compact = code.compact();
        for (int i = 1; i < compact.length(); i++) {
            for (char c : Base32.ALPHABET.toCharArray()) {
                if (c == compact.charAt(i)) {
                    continue;
                }
                String typo = compact.substring(0, i) + c + compact.substring(i + 1);
                assertThatThrownBy(() -> ClaimCode.parse(typo))
                        .as("typo at %d", i)
                        .isInstanceOf(InvalidClaimCodeException.class)
                        .hasMessageContaining("mistyped");
            }
        }
    }

    @Test
    void swapped_neighbours_are_refused() {
        ClaimCode code = ClaimCode.newFor(DeviceId.random(), key.getPublic());
        String compact = code.compact();
        int caught = 0;
        int swaps = 0;
        for (int i = 1; i + 1 < compact.length(); i++) {
            if (compact.charAt(i) == compact.charAt(i + 1)) {
                continue;
            }
            swaps++;
            String swapped = compact.substring(0, i) + compact.charAt(i + 1) + compact.charAt(i) + compact.substring(i + 2);
            try {
                ClaimCode.parse(swapped);
            } catch (InvalidClaimCodeException e) {
                caught++;
            }
        }
        // Luhn mod 32 misses only the swap of the symbol pair whose values are 0 and 31 ("0Z"/"Z0")
        assertThat(caught).isGreaterThanOrEqualTo(swaps - 2);
    }

    @Test
    void bad_input_is_refused_with_the_reason() {
        // the device id must not start with '1': the code without its version symbol must not look like v1
        ClaimCode code = ClaimCode.newFor(new DeviceId("K" + DeviceId.random().value().substring(1)),
                key.getPublic());
        String compact = code.compact();

        assertThatThrownBy(() -> ClaimCode.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ClaimCode.parse(compact.substring(1 , 35) + "1"))
                .hasMessageContaining("version");
        assertThatThrownBy(() -> ClaimCode.parse(compact.substring(0, 35)))
                .hasMessageContaining("35 symbols, expected 36");
        assertThatThrownBy(() -> ClaimCode.parse(compact + "7"))
                .hasMessageContaining("37 symbols");
        assertThatThrownBy(() -> ClaimCode.parse(compact.substring(0, 5) + "U" + compact.substring(6)))
                .hasMessageContaining("invalid character 'U' at position 6");
        assertThatThrownBy(() -> ClaimCode.parse("2" + compact.substring(1)))
                .hasMessageContaining("version '2' is not supported");
    }

    @Test
    void a_code_does_not_match_another_key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ClaimCode code = ClaimCode.newFor(DeviceId.random(), key.getPublic());

        assertThat(code.matchesKey(g.generateKeyPair().getPublic())).isFalse();
    }

    @Test
    void device_ids_name_what_is_wrong() {
        assertThat(DeviceId.parse("abcdefghjk").value()).isEqualTo("ABCDEFGHJK");
        assertThatThrownBy(() -> new DeviceId("ABC")).hasMessageContaining("3 characters, expected 10");
        assertThatThrownBy(() -> new DeviceId("ABCDEFGHJU")).hasMessageContaining("invalid character 'U'");
    }
}
