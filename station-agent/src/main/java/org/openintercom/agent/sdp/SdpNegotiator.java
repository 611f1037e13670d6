package org.openintercom.agent.sdp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.openintercom.agent.media.MediaParameters;
import org.openintercom.agent.media.RtpCodec;
import org.openintercom.agent.media.SrtpKeys;
import org.openintercom.hal.model.Codec;

/**
 * SDP offer/answer (RFC 3264) for one audio stream: writes offers from the station's codecs, answers offers and
 * reads answers, choosing the codec with the highest audio bandwidth both sides support (Opus, then G.722, then
 * G.711, where PCMA or PCMU is whichever the offer lists first) and keeping the offerer's payload types. Media is
 * SRTP (SDES, {@code AES_CM_128_HMAC_SHA1_80}) when the offer is {@code RTP/SAVP}; an answerer that requires
 * SRTP refuses plain offers.
 */
public final class SdpNegotiator {

    private static final int KEY_AND_SALT_BYTES = 30;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Codec> localCodecs;
    private final String username;

    /** A negotiator for a station that supports {@code localCodecs}; {@code username} goes into o= lines. */
    public SdpNegotiator(List<Codec> localCodecs, String username) {
        if (localCodecs.isEmpty()) {
            throw new IllegalArgumentException("a station needs at least one audio codec");
        }
        this.localCodecs = localCodecs.stream().distinct().sorted(Comparator.comparingInt(Codec::ordinal)).toList();
        this.username = username == null || username.isBlank() ? "-" : username.replace(' ', '_');
    }

    /** An offer of all local codecs plus telephone-event, as SRTP with a fresh key when {@code srtp}. */
    public SessionDescription offer(InetAddress address, int rtpPort, boolean srtp) {
        List<RtpCodec> codecs = new ArrayList<>();
        for (Codec c : localCodecs) {
            switch (c) {
                case OPUS -> codecs.add(RtpCodec.OPUS);
                case G722 -> codecs.add(RtpCodec.G722);
                case G711 -> {
                    codecs.add(RtpCodec.PCMA);
                    codecs.add(RtpCodec.PCMU);
                }
            }
        }
        codecs.add(RtpCodec.TELEPHONE_EVENT);
        List<CryptoAttribute> crypto = srtp
                ? List.of(CryptoAttribute.inline(1, SrtpKeys.AES_CM_128_HMAC_SHA1_80, newKey())) : List.of();
        return session(address, media(codecs, rtpPort, srtp, crypto, Direction.SENDRECV));
    }

    /** Answers {@code offer} with our address and port, or refuses it (488). */
    public Negotiation answer(SessionDescription offer, InetAddress address, int rtpPort, boolean requireSrtp) {
        List<MediaDescription> answered = new ArrayList<>();
        MediaParameters chosen = null;
        String refusal = "the offer has no audio stream";
        for (MediaDescription m : offer.media()) {
            if (chosen != null || !m.isRtpAudio() || m.port() == 0) {
                answered.add(m.refused());
                continue;
            }
            Optional<RtpCodec> codec = bestCodec(m, null);
            CryptoAttribute theirs = usableCrypto(m);
            boolean secure = m.proto().equals(MediaDescription.RTP_SAVP);
            if (codec.isEmpty()) {
                refusal = "no common codec: we support " + localCodecs + ", the offer has " + m.formats();
            } else if (secure && theirs == null) {
                refusal = "RTP/SAVP offer without a usable " + SrtpKeys.AES_CM_128_HMAC_SHA1_80 + " crypto line";
            } else if (!secure && requireSrtp) {
                refusal = "SRTP is required but the offer is plain RTP/AVP";
            } else {
                Optional<SrtpKeys> keys = Optional.empty();
                List<CryptoAttribute> ours = List.of();
                if (secure) {
                    byte[] local = newKey();
                    keys = Optional.of(new SrtpKeys(theirs.suite(), local, theirs.keyAndSalt()));
                    ours = List.of(CryptoAttribute.inline(theirs.tag(), theirs.suite(), local));
                }
                int te = telephoneEvent(m);
                List<RtpCodec> formats = new ArrayList<>(List.of(codec.get()));
                if (te >= 0) {
                    formats.add(RtpCodec.TELEPHONE_EVENT.withPayloadType(te));
                }
                answered.add(media(formats, rtpPort, secure, ours, m.direction().reverse()));
                chosen = new MediaParameters(codec.get(), te, remote(offer, m), keys);
            }
            if (chosen == null) {
                answered.add(m.refused());
            }
        }
        if (chosen == null) {
            return Negotiation.notAcceptable(refusal);
        }
        return new Negotiation.Agreed(new SessionDescription(origin(address), "-", Optional.of(Connection.of(address)),
                answered), chosen);
    }

    /** Reads the peer's answer to {@code ourOffer} (written by {@link #offer}). */
    public Negotiation readAnswer(SessionDescription ourOffer, SessionDescription answer) {
        if (answer.media().isEmpty() || ourOffer.media().isEmpty()) {
            return Negotiation.notAcceptable("the answer has no media stream");
        }
        MediaDescription offered = ourOffer.media().get(0);
        MediaDescription m = answer.media().get(0);
        if (!m.isRtpAudio() || m.port() == 0) {
            return Negotiation.notAcceptable("the answer refused the audio stream");
        }
        Optional<RtpCodec> codec = bestCodec(m, offered);
        if (codec.isEmpty()) {
            return Negotiation.notAcceptable("the answer has no codec we offered: " + m.formats());
        }
        Optional<SrtpKeys> keys = Optional.empty();
        if (offered.proto().equals(MediaDescription.RTP_SAVP)) {
            CryptoAttribute theirs = usableCrypto(m);
            Optional<CryptoAttribute> mine = theirs == null ? Optional.empty()
                    : offered.crypto().stream().filter(c -> c.tag() == theirs.tag()).findFirst();
            if (!m.proto().equals(MediaDescription.RTP_SAVP) || mine.isEmpty()) {
                return Negotiation.notAcceptable("we offered SRTP but the answer has no matching crypto line");
            }
            keys = Optional.of(new SrtpKeys(theirs.suite(), mine.get().keyAndSalt(), theirs.keyAndSalt()));
        } else if (!m.proto().equals(MediaDescription.RTP_AVP)) {
            return Negotiation.notAcceptable("we offered RTP/AVP but the answer uses " + m.proto());
        }
        int te = offered.formats().contains(Integer.toString(telephoneEvent(m))) ? telephoneEvent(m) : -1;
        return new Negotiation.Agreed(answer, new MediaParameters(codec.get(), te, remote(answer, m), keys));
    }

    /**
     * Our offer cut down to what was agreed (the codec and telephone-event, our crypto line), with a new session
     * version: the SDP an offerer answers a later re-INVITE with while keeping its media as it is.
     */
    public SessionDescription agreedSubset(SessionDescription ourOffer, MediaParameters agreed) {
        MediaDescription m = ourOffer.media().get(0);
        List<String> keep = new ArrayList<>(List.of(Integer.toString(agreed.codec().payloadType())));
        if (agreed.telephoneEventPayloadType() >= 0) {
            keep.add(Integer.toString(agreed.telephoneEventPayloadType()));
        }
        Map<Integer, String> fmtps = new HashMap<>(m.fmtps());
        fmtps.keySet().removeIf(pt -> !keep.contains(Integer.toString(pt)));
        List<CryptoAttribute> crypto = agreed.srtp().isEmpty() ? List.of() : m.crypto().stream()
                .filter(c -> java.util.Arrays.equals(c.keyAndSalt(), agreed.srtp().get().localKeyAndSalt())).toList();
        MediaDescription narrowed = new MediaDescription(m.media(), m.port(), m.proto(), keep, m.connection(),
                m.rtpMaps().stream().filter(r -> keep.contains(Integer.toString(r.payloadType()))).toList(), fmtps,
                crypto, m.direction(), m.ptime(), m.otherAttributes());
        Origin o = ourOffer.origin();
        Origin next = new Origin(o.username(), o.sessionId(),
                Long.toString(Long.parseLong(o.sessionVersion()) + 1), o.address());
        return new SessionDescription(next, ourOffer.sessionName(), ourOffer.connection(), List.of(narrowed));
    }

    /** The best codec of {@code m} that we support (and, when reading an answer, that we offered). */
    private Optional<RtpCodec> bestCodec(MediaDescription m, MediaDescription offered) {
        RtpCodec best = null;
        for (String format : m.formats()) {
            if (offered != null && !offered.formats().contains(format)) {
                continue;
            }
            RtpCodec codec = identify(m, Integer.parseInt(format));
            if (codec == null || codec.family() == null || !localCodecs.contains(codec.family())) {
                continue;
            }
            if (best == null || codec.family().ordinal() < best.family().ordinal()) {
                best = codec;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The payload format {@code pt} stands for in {@code m}, with our defaults for fmtp; null if unknown. */
    private static RtpCodec identify(MediaDescription m, int pt) {
        Optional<RtpMap> map = m.rtpMap(pt);
        if (map.isEmpty()) {
            return switch (pt) {
                case 0 -> RtpCodec.PCMU;
                case 8 -> RtpCodec.PCMA;
                case 9 -> RtpCodec.G722;
                default -> null;
            };
        }
        RtpMap r = map.get();
        RtpCodec known = switch (r.encoding().toUpperCase(Locale.ROOT)) {
            case "OPUS" -> r.clockRate() == 48_000 ? RtpCodec.OPUS : null;
            case "G722" -> r.clockRate() == 8_000 ? RtpCodec.G722 : null;
            case "PCMA" -> r.clockRate() == 8_000 ? RtpCodec.PCMA : null;
            case "PCMU" -> r.clockRate() == 8_000 ? RtpCodec.PCMU : null;
            case "TELEPHONE-EVENT" -> r.clockRate() == 8_000 ? RtpCodec.TELEPHONE_EVENT : null;
            default -> null;
        };
        return known == null ? null : known.withPayloadType(pt);
    }

    private static int telephoneEvent(MediaDescription m) {
        for (String format : m.formats()) {
            RtpCodec c = identify(m, Integer.parseInt(format));
            if (c != null && c.isTelephoneEvent()) {
                return c.payloadType();
            }
        }
        return -1;
    }

    private static CryptoAttribute usableCrypto(MediaDescription m) {
        for (CryptoAttribute c : m.crypto()) {
            byte[] key = c.keyAndSalt();
            if (c.suite().equals(SrtpKeys.AES_CM_128_HMAC_SHA1_80) && key != null && key.length == KEY_AND_SALT_BYTES) {
                return c;
            }
        }
        return null;
    }

    private static InetSocketAddress remote(SessionDescription sdp, MediaDescription m) {
        Connection c = sdp.connectionFor(m)
                .orElseThrow(() -> new SdpException("SDP m=" + m.media() + " has no connection address"));
        return new InetSocketAddress(c.inetAddress(), m.port());
    }

    private static MediaDescription media(List<RtpCodec> codecs, int port, boolean srtp, List<CryptoAttribute> crypto,
            Direction direction) {
        List<String> formats = new ArrayList<>();
        List<RtpMap> maps = new ArrayList<>();
        Map<Integer, String> fmtps = new HashMap<>();
        for (RtpCodec c : codecs) {
            formats.add(Integer.toString(c.payloadType()));
            maps.add(new RtpMap(c.payloadType(), c.name(), c.clockRate(), c.channels()));
            if (!c.fmtp().isEmpty()) {
                fmtps.put(c.payloadType(), c.fmtp());
            }
        }
        return new MediaDescription("audio", port, srtp ? MediaDescription.RTP_SAVP : MediaDescription.RTP_AVP, formats,
                Optional.empty(), maps, fmtps, crypto, direction, OptionalInt.of(20), List.of());
    }

    private SessionDescription session(InetAddress address, MediaDescription media) {
        return new SessionDescription(origin(address), "-", Optional.of(Connection.of(address)), List.of(media));
    }

    private Origin origin(InetAddress address) {
        String id = Long.toString(RANDOM.nextInt(Integer.MAX_VALUE));
        return new Origin(username, id, id, Connection.of(address));
    }

    private static byte[] newKey() {
        byte[] key = new byte[KEY_AND_SALT_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }
}
