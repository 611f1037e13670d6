package org.openintercom.agent.sip;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and as whom a station registers (RFC 3261 §10): the registrar's SIP or SIPS URI (its {@code transport=}
 * parameter picks the transport, e.g. {@code sip:relay.example.com:5061;transport=tls}), the user part of our
 * address of record (AoR), its domain (the registrar's host unless given), the registration time asked for, and
 * digest credentials for third-party registrars. Immutable; {@code with...} methods return modified copies.
 *
 * @param registrar the registrar's URI, without a user part
 * @param user the user part of our AoR; empty means the engine's user, which {@link SipEngineConfig} fills in
 * @param expires the registration time asked for (whole seconds, at least 1 s; default 10 min)
 * @param authUser the digest user name; the AoR user when empty
 * @param password the digest password; needed only when the registrar challenges
 * @param domain the host of our AoR; the registrar's host when empty
 */
public record Registration(String registrar, String user, Duration expires, Optional<String> authUser,
        Optional<String> password, Optional<String> domain) {

    /** The registration time asked for unless {@link #withExpires} says otherwise. */
    public static final Duration DEFAULT_EXPIRES = Duration.ofMinutes(10);
    /** RFC 3261 §20.19: Expires is a 32-bit unsigned number of seconds. */
    private static final long MAX_EXPIRES_SECONDS = 4_294_967_295L;
    private static final Pattern URI = Pattern.compile(
            "(?i)(sips?):(?<host>\\[[0-9a-f:.]+\\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:(?<port>\\d{1,5}))?"
                    + "(?<params>(;[^;?]*)*)");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=-]*");
    private static final Pattern HOST = Pattern.compile("(?i)\\[[0-9a-f:.]+\\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

    public Registration {
        Objects.requireNonNull(registrar, "Registration.registrar must be set");
        Objects.requireNonNull(user, "Registration.user must be set (empty = the engine's user)");
        Objects.requireNonNull(expires, "Registration.expires must be set");
        Objects.requireNonNull(authUser, "Registration.authUser must not be null (use Optional.empty())");
        Objects.requireNonNull(password, "Registration.password must not be null (use Optional.empty())");
        Objects.requireNonNull(domain, "Registration.domain must not be null (use Optional.empty())");
        registrar = registrar.trim();
        transportOf(registrar);
        if (!USER.matcher(user).matches()) {
            throw new IllegalArgumentException("user must be a plain SIP user part, not '" + user + "'");
        }
        if (expires.compareTo(Duration.ofSeconds(1)) < 0 || expires.getSeconds() > MAX_EXPIRES_SECONDS
                || expires.getNano() != 0) {
            throw new IllegalArgumentException("expires must be a whole number of seconds from 1 s to "
                    + MAX_EXPIRES_SECONDS + " s, not " + expires);
        }
        authUser.ifPresent(a -> {
            if (a.isBlank() || a.chars().anyMatch(c -> c < 0x20 || c == '"' || c == '\\')) {
                throw new IllegalArgumentException("authUser must be a non-empty name without quotes, backslashes"
                        + " or control characters, not '" + a + "'");
            }
        });
        password.ifPresent(p -> {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("password must not be empty (leave it out instead)");
            }
        });
        domain.ifPresent(d -> {
            if (!HOST.matcher(d).matches()) {
                throw new IllegalArgumentException("domain must be a host name or address, not '" + d + "'");
            }
        });
    }

    /** Registers as {@code user} (empty = the engine's user) at {@code registrar} for the default 10 minutes. */
    public static Registration of(String registrar, String user) {
        return new Registration(registrar, user, DEFAULT_EXPIRES, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public Registration withUser(String user) {
        return new Registration(registrar, user, expires, authUser, password, domain);
    }

    public Registration withExpires(Duration expires) {
        return new Registration(registrar, user, expires, authUser, password, domain);
    }

    /** Digest credentials: {@code authUser} (null = the AoR user) and {@code password}. */
    public Registration withCredentials(String authUser, String password) {
        return new Registration(registrar, user, expires, Optional.ofNullable(authUser),
                Optional.of(Objects.requireNonNull(password, "password")), domain);
    }

    public Registration withDomain(String domain) {
        return new Registration(registrar, user, expires, authUser, password, Optional.of(domain));
    }

    /** The transport the registrar's URI asks for: its {@code transport=} parameter, else TLS for sips:, else UDP. */
    public SipTransport transport() {
        return transportOf(registrar);
    }

    /** The host of our address of record: {@link #domain} if given, else the registrar's host. */
    public String aorDomain() {
        return domain.orElseGet(() -> parse(registrar).group("host"));
    }

    /** The digest user name: {@link #authUser} if given, else {@link #user}. */
    public String digestUser() {
        return authUser.orElse(user);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "Registration[registrar=" + registrar + ", user=" + user + ", expires=" + expires + ", authUser="
                + authUser + ", password=" + password.map(p -> "***") + ", domain=" + domain + "]";
    }

    private static Matcher parse(String uri) {
        Matcher m = URI.matcher(uri);
        if (!m.matches()) {
            throw new IllegalArgumentException("registrar must be a SIP URI without a user part such as"
                    + " sip:relay.example.com:5061;transport=tls, not '" + uri + "'");
        }
        return m;
    }

    private static SipTransport transportOf(String uri) {
        Matcher m = parse(uri);
        boolean secure = m.group(1).equalsIgnoreCase("sips");
        if (m.group("port") != null) {
            int port = Integer.parseInt(m.group("port"));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("registrar '" + uri + "' has port " + port + "; use 1-65535");
            }
        }
        SipTransport transport = secure ? SipTransport.TLS : SipTransport.UDP;
        for (String param : m.group("params").split(";")) {
            if (param.toLowerCase(Locale.ROOT).startsWith("transport=")) {
                String t = param.substring("transport=".length()).toLowerCase(Locale.ROOT);
                transport = switch (t) {
                    case "udp" -> SipTransport.UDP;
                    case "tcp" -> SipTransport.TCP;
                    case "tls" -> SipTransport.TLS;
                    default -> throw new IllegalArgumentException("registrar '" + uri + "' has transport '" + t
                            + "'; use udp, tcp or tls");
                };
            }
        }
        if (secure && transport != SipTransport.TLS) {
            throw new IllegalArgumentException("registrar '" + uri + "' is a sips: URI and needs transport=tls");
        }
        return transport;
    }
}
