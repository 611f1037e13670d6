package org.openintercom.agent.sip.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers an HTTP/SIP digest challenge (RFC 7616, RFC 2617, RFC 8760): computes the {@code Authorization} (or
 * {@code Proxy-Authorization}) header value for MD5, SHA-256 and SHA-512/256 (also their {@code -sess} forms),
 * with {@code qop=auth} or without qop. Pure functions; the caller supplies cnonce and nonce count.
 */
final class DigestClient {

    /** Algorithms we answer, strongest first (RFC 8760 lets a registrar offer several challenges). */
    private static final List<String> ALGORITHMS = List.of("SHA-512-256", "SHA-256", "MD5");

    /**
     * The parameters of one {@code Digest} challenge; {@code algorithm} and {@code qop} as sent (null when
     * absent), {@code qop} possibly a list such as {@code auth,auth-int}.
     */
    record Challenge(String realm, String nonce, String opaque, String algorithm, String qop, boolean stale) {

        /** The algorithm name, upper case; MD5 when the challenge names none (RFC 7616 §3.3). */
        String algorithmName() {
            return algorithm == null || algorithm.isBlank() ? "MD5" : algorithm.trim().toUpperCase(Locale.ROOT);
        }

        /** Whether we can answer it: a known algorithm, and qop absent or offering {@code auth}. */
        boolean supported() {
            String a = algorithmName();
            String base = a.endsWith("-SESS") ? a.substring(0, a.length() - 5) : a;
            return ALGORITHMS.contains(base) && (qop == null || offersAuth());
        }

        private boolean offersAuth() {
            for (String q : qop.split(",")) {
                if (q.trim().equalsIgnoreCase("auth")) {
                    return true;
                }
            }
            return false;
        }
    }

    private DigestClient() {
    }

    /** The strongest challenge we can answer, if any. */
    static Optional<Challenge> choose(List<Challenge> challenges) {
        return challenges.stream().filter(Challenge::supported)
                .min(Comparator.comparingInt(c -> ALGORITHMS.indexOf(base(c.algorithmName()))));
    }

    /**
     * The header value answering {@code challenge} for a request {@code method} to {@code uri}. With qop the
     * response covers {@code cnonce} and {@code nc} (a count of requests under this nonce, from 1).
     *
     * @throws IllegalArgumentException when the challenge is not {@link Challenge#supported()}
     */
    static String authorization(Challenge challenge, String method, String uri, String user, String password,
            String cnonce, int nc) {
        if (!challenge.supported()) {
            throw new IllegalArgumentException("cannot answer a digest challenge with algorithm "
                    + challenge.algorithmName() + " and qop " + challenge.qop());
        }
        String algorithm = challenge.algorithmName();
        boolean sess = algorithm.endsWith("-SESS");
        String hash = base(algorithm);
        boolean qop = challenge.qop() != null;
        String ncText = String.format(Locale.ROOT, "%08x", nc);
        String ha1 = h(hash, user + ":" + challenge.realm() + ":" + password);
        if (sess) {
            ha1 = h(hash, ha1 + ":" + challenge.nonce() + ":" + cnonce);
        }
        String ha2 = h(hash, method + ":" + uri);
        String response = qop
                ? h(hash, ha1 + ":" + challenge.nonce() + ":" + ncText + ":" + cnonce + ":auth:" + ha2)
                : h(hash, ha1 + ":" + challenge.nonce() + ":" + ha2);
        StringBuilder header = new StringBuilder("Digest username=").append(quote(user))
                .append(", realm=").append(quote(challenge.realm()))
                .append(", nonce=").append(quote(challenge.nonce()))
                .append(", uri=").append(quote(uri))
                .append(", response=").append(quote(response))
                .append(", algorithm=").append(challenge.algorithm() == null ? "MD5" : challenge.algorithm().trim());
        if (challenge.opaque() != null) {
            header.append(", opaque=").append(quote(challenge.opaque()));
        }
        if (qop) {
            header.append(", qop=auth, nc=").append(ncText).append(", cnonce=").append(quote(cnonce));
        }
        return header.toString();
    }

    private static String base(String algorithm) {
        return algorithm.endsWith("-SESS") ? algorithm.substring(0, algorithm.length() - 5) : algorithm;
    }

    private static String h(String algorithm, String text) {
        String jdkName = algorithm.equals("SHA-512-256") ? "SHA-512/256" : algorithm;
        try {
            byte[] digest = MessageDigest.getInstance(jdkName).digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no " + jdkName, e);
        }
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
