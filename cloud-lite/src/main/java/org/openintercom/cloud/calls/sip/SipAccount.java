package org.openintercom.cloud.calls.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The digest credentials of one SIP user (a third-party phone): the password is never kept, only the two
 * {@code HA1} hashes of RFC 7616 ({@code H(username:realm:password)} with MD5 and with SHA-256).
 *
 * @param username the SIP user name (the user part of the address of record)
 * @param realm the digest realm the hashes were made for
 * @param ha1Md5 lower-case hex MD5 HA1
 * @param ha1Sha256 lower-case hex SHA-256 HA1
 */
public record SipAccount(String username, String realm, String ha1Md5, String ha1Sha256) {

    public SipAccount {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(ha1Md5, "ha1Md5");
        Objects.requireNonNull(ha1Sha256, "ha1Sha256");
        if (!SipNames.isUser(username)) {
            throw new IllegalArgumentException("SIP user name '" + username
                    + "' is not valid: use 1-64 letters, digits and - _ . ! ~ * ' ( ) & = + $ , ; ?");
        }
    }

    /** The account of {@code username} with {@code password} in {@code realm}. */
    public static SipAccount withPassword(String username, String realm, String password) {
        Objects.requireNonNull(password, "password");
        if (password.length() < 8) {
            throw new IllegalArgumentException("the SIP password of '" + username + "' is too short: at least 8"
                    + " characters");
        }
        String a1 = username + ":" + realm + ":" + password;
        return new SipAccount(username, realm, hex("MD5", a1), hex("SHA-256", a1));
    }

    /** The HA1 for a digest algorithm ({@code MD5} or {@code SHA-256}, with or without {@code -sess}). */
    String ha1(DigestAlgorithm algorithm) {
        return algorithm == DigestAlgorithm.SHA_256 ? ha1Sha256 : ha1Md5;
    }

    static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }
}
