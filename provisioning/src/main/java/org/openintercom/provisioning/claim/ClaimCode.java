package org.openintercom.provisioning.claim;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Objects;

/**
 * What an installer scans or types to claim a device: the device id, a one-time claim nonce and the
 * fingerprint of the device's birth key, in a versioned, compact form with a check symbol.
 *
 * <p>Version 1, 36 Crockford base32 symbols: {@code V DDDDDDDDDD NNNNNNNNNNNN FFFFFFFFFFFF C} — version
 * {@code 1}, device id (10), nonce (12 = 60 random bits), key fingerprint (12 = the first 60 bits of the
 * SHA-256 of the birth key's SubjectPublicKeyInfo) and a Luhn mod 32 check symbol over the 35 before it.
 * Typed form: groups of four joined by hyphens; QR payload: {@code OI:} and the 36 symbols (QR
 * alphanumeric mode). See docs/claiming.md.
 */
public record ClaimCode(DeviceId deviceId, String nonce, String keyFingerprint) {

    /** The version this class writes. */
    public static final int VERSION = 1;
    /** Prefix of the QR payload. */
    public static final String QR_PREFIX = "OI:";
    /** Symbols in a nonce and in a key fingerprint. */
    public static final int FIELD_LENGTH = 12;
    /** Symbols in a whole code, check symbol included. */
    public static final int LENGTH = 1 + DeviceId.LENGTH + 2 * FIELD_LENGTH + 1;

    public ClaimCode {
        Objects.requireNonNull(deviceId, "deviceId");
        requireField("nonce", nonce);
        requireField("key fingerprint", keyFingerprint);
    }

    /** A code with a fresh random nonce for the device holding {@code birthKey}. */
    public static ClaimCode newFor(DeviceId deviceId, PublicKey birthKey) {
        return new ClaimCode(deviceId, Base32.random(FIELD_LENGTH), keyFingerprint(birthKey));
    }

    /** The 12-symbol fingerprint of a public key: the first 60 bits of SHA-256(SubjectPublicKeyInfo). */
    public static String keyFingerprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return Base32.ofLeadingBits(digest, FIELD_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Whether {@code key} is the key this code was printed for. */
    public boolean matchesKey(PublicKey key) {
        return keyFingerprint.equals(keyFingerprint(key));
    }

    /** The 36 symbols, check symbol last. */
    public String compact() {
        String body = VERSION + deviceId.value() + nonce + keyFingerprint;
        return body + Base32.luhnCheck(body);
    }

    /** The form printed for typing: groups of four symbols joined by hyphens. */
    public String typed() {
        String compact = compact();
        StringBuilder b = new StringBuilder(compact.length() + compact.length() / 4);
        for (int i = 0; i < compact.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                b.append('-');
            }
            b.append(compact.charAt(i));
        }
        return b.toString();
    }

    /** The text encoded in the QR label. */
    public String qrPayload() {
        return QR_PREFIX + compact();
    }

    /**
     * Reads a QR payload or a typed code. Spaces and hyphens are ignored, lower case is accepted and
     * I, L, O read as 1, 1, 0.
     *
     * @throws InvalidClaimCodeException naming what is wrong: length, a character, the version or the
     *         check symbol (a typo)
     */
    public static ClaimCode parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidClaimCodeException("claim code is empty");
        }
        String s = text.strip();
        if (s.regionMatches(true, 0, QR_PREFIX, 0, QR_PREFIX.length())) {
            s = s.substring(QR_PREFIX.length());
        }
        StringBuilder symbols = new StringBuilder(LENGTH);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '-' || c == ' ') {
                continue;
            }
            int v = Base32.valueOf(c);
            if (v < 0) {
                throw new InvalidClaimCodeException("claim code has an invalid character '" + c
                        + "' at position " + (i + 1) + "; codes use only 0-9 and A-Z without U");
            }
            symbols.append(Base32.symbol(v));
        }
        if (symbols.length() > 0 && symbols.charAt(0) != Character.forDigit(VERSION, 10)) {
            throw new InvalidClaimCodeException("claim code version '" + symbols.charAt(0)
                    + "' is not supported (this software reads version " + VERSION + ")");
        }
        if (symbols.length() != LENGTH) {
            throw new InvalidClaimCodeException("claim code has " + symbols.length() + " symbols, expected "
                    + LENGTH + " (a symbol is missing or extra)");
        }
        String body = symbols.substring(0, LENGTH - 1);
        if (Base32.luhnCheck(body) != symbols.charAt(LENGTH - 1)) {
            throw new InvalidClaimCodeException(
                    "claim code check symbol does not match: the code is mistyped, please check it again");
        }
        int at = 1;
        DeviceId id = new DeviceId(body.substring(at, at += DeviceId.LENGTH));
        String nonce = body.substring(at, at += FIELD_LENGTH);
        return new ClaimCode(id, nonce, body.substring(at));
    }

    private static void requireField(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.length() != FIELD_LENGTH) {
            throw new IllegalArgumentException(name + " must have " + FIELD_LENGTH + " symbols: " + value);
        }
        for (int i = 0; i < value.length(); i++) {
            if (Base32.ALPHABET.indexOf(value.charAt(i)) < 0) {
                throw new IllegalArgumentException(name + " has an invalid symbol '" + value.charAt(i) + "'");
            }
        }
    }
}
