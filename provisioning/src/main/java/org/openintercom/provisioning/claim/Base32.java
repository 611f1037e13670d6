package org.openintercom.provisioning.claim;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Crockford base32, the alphabet of device ids and claim codes: digits and upper-case letters without
 * I, L, O and U, so a code read aloud or typed from a label has no look-alike letters.
 */
final class Base32 {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Base32() {
    }

    /** The value of one symbol, or -1. Lower case is accepted; I and L read as 1, O as 0 (Crockford). */
    static int valueOf(char c) {
        char u = Character.toUpperCase(c);
        if (u == 'I' || u == 'L') {
            return 1;
        }
        if (u == 'O') {
            return 0;
        }
        return ALPHABET.indexOf(u);
    }

    static char symbol(int value) {
        return ALPHABET.charAt(value);
    }

    /** {@code symbols} random symbols (5 bits each) from a cryptographic random source. */
    static String random(int symbols) {
        StringBuilder b = new StringBuilder(symbols);
        for (int i = 0; i < symbols; i++) {
            b.append(symbol(RANDOM.nextInt(32)));
        }
        return b.toString();
    }

    /** The first {@code symbols * 5} bits of {@code bytes}, big-endian, as symbols. */
    static String ofLeadingBits(byte[] bytes, int symbols) {
        BigInteger all = new BigInteger(1, bytes);
        int shift = bytes.length * 8 - symbols * 5;
        BigInteger value = all.shiftRight(shift);
        StringBuilder b = new StringBuilder(symbols);
        for (int i = symbols - 1; i >= 0; i--) {
            b.append(symbol(value.shiftRight(i * 5).intValue() & 31));
        }
        return b.toString();
    }

    /**
     * The Luhn mod 32 check symbol of {@code symbols} (all already canonical): catches every single
     * mistyped symbol and nearly every swap of two neighbours.
     */
    static char luhnCheck(CharSequence symbols) {
        int factor = 2;
        int sum = 0;
        for (int i = symbols.length() - 1; i >= 0; i--) {
            int addend = factor * ALPHABET.indexOf(symbols.charAt(i));
            factor = factor == 2 ? 1 : 2;
            sum += addend / 32 + addend % 32;
        }
        return symbol((32 - sum % 32) % 32);
    }
}
