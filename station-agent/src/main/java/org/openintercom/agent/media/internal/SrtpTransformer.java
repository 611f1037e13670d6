package org.openintercom.agent.media.internal;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.utils.logging2.LoggerImpl;
import org.openintercom.agent.media.SrtpKeys;

/**
 * SRTP (RFC 3711, AES_CM_128_HMAC_SHA1_80) through jitsi-srtp: protects what we send with the local key and
 * checks/decrypts what arrives with the remote key (one receiver context per remote SSRC). A packet that fails
 * authentication or replay checks is rejected as an empty result and counted, never thrown.
 */
public final class SrtpTransformer implements AutoCloseable {

    private static final int TAG = 10;
    private static final int MAX_REMOTE_SSRCS = 8;

    private final SrtpContextFactory senderFactory;
    private final SrtpContextFactory receiverFactory;
    private final Map<Long, SrtpCryptoContext> senders = new HashMap<>();
    private final Map<Long, SrtpCryptoContext> receivers = new HashMap<>();
    private final Object sendLock = new Object();
    private final Object receiveLock = new Object();
    private long rejected;

    static {
        // The JDK's AES (hardware accelerated) instead of benchmarking all providers on first use, which stalls
        // the first packets for about a second.
        Aes.setFactoryClassName(Aes.class.getName() + "$SunJCECipherFactory");
    }

    /**
     * Initialises all of jitsi-srtp's classes on one thread (a protect/unprotect round with a throw-away key):
     * concurrent first use from the tick and receiver threads of two sessions was seen to stall them.
     */
    private static final class WarmUp {
        static final boolean DONE = run();

        private static boolean run() {
            byte[] key = new byte[30];
            SrtpTransformer t = new SrtpTransformer(SrtpKeys.aesCm128(key, key), false);
            byte[] rtp = new RtpPacket(false, 0, 1, 0, 1, new byte[4]).serialize();
            byte[] secured = t.protect(rtp, 1);
            boolean ok = t.unprotect(secured, secured.length).isPresent();
            t.close();
            return ok;
        }
    }

    public SrtpTransformer(SrtpKeys keys) {
        this(keys, WarmUp.DONE);
    }

    private SrtpTransformer(SrtpKeys keys, boolean warmedUp) { // the flag only forces WarmUp to run first
        SrtpPolicy policy = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20,
                TAG, 14);
        LoggerImpl logger = new LoggerImpl(SrtpTransformer.class.getName());
        byte[] local = keys.localKeyAndSalt();
        byte[] remote = keys.remoteKeyAndSalt();
        this.senderFactory = new SrtpContextFactory(true, Arrays.copyOf(local, 16),
                Arrays.copyOfRange(local, 16, 30), policy, policy, logger);
        this.receiverFactory = new SrtpContextFactory(false, Arrays.copyOf(remote, 16),
                Arrays.copyOfRange(remote, 16, 30), policy, policy, logger);
    }

    /** Encrypts and authenticates one serialized RTP packet. */
    public byte[] protect(byte[] rtp, long ssrc) {
        synchronized (sendLock) {
            return protectLocked(rtp, ssrc);
        }
    }

    private byte[] protectLocked(byte[] rtp, long ssrc) {
        try {
            SrtpCryptoContext ctx = senders.get(ssrc);
            if (ctx == null) {
                ctx = senderFactory.deriveContext((int) ssrc, 0);
                senders.put(ssrc, ctx);
            }
            PacketBuffer buf = new PacketBuffer(rtp, 0, rtp.length, TAG);
            SrtpErrorStatus status = ctx.transformPacket(buf);
            if (status != SrtpErrorStatus.OK) {
                throw new IllegalStateException("SRTP protect failed: " + status);
            }
            return buf.toArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SRTP protect failed: " + e.getMessage(), e);
        }
    }

    /** The plain RTP packet, or empty if {@code data[0, len)} is too short, not authentic or a replay. */
    public Optional<byte[]> unprotect(byte[] data, int len) {
        synchronized (receiveLock) {
            return unprotectLocked(data, len);
        }
    }

    private Optional<byte[]> unprotectLocked(byte[] data, int len) {
        if (len < RtpPacket.HEADER + TAG) {
            rejected++;
            return Optional.empty();
        }
        long ssrc = ((data[8] & 0xFFL) << 24) | ((data[9] & 0xFF) << 16) | ((data[10] & 0xFF) << 8)
                | (data[11] & 0xFF);
        try {
            SrtpCryptoContext ctx = receivers.get(ssrc);
            if (ctx == null) {
                if (receivers.size() >= MAX_REMOTE_SSRCS) { // bound the state a flood of SSRCs can create
                    receivers.clear();
                }
                ctx = receiverFactory.deriveContext((int) ssrc, 0);
                receivers.put(ssrc, ctx);
            }
            PacketBuffer buf = new PacketBuffer(data, 0, len, 0);
            SrtpErrorStatus status = ctx.reverseTransformPacket(buf, false);
            if (status != SrtpErrorStatus.OK) {
                rejected++;
                return Optional.empty();
            }
            return Optional.of(buf.toArray());
        } catch (GeneralSecurityException | RuntimeException e) {
            rejected++;
            return Optional.empty();
        }
    }

    /** Packets refused by {@link #unprotect}: authentication, replay or format failures. */
    public long rejected() {
        synchronized (receiveLock) {
            return rejected;
        }
    }

    @Override
    public void close() {
        synchronized (sendLock) {
            senderFactory.close();
        }
        synchronized (receiveLock) {
            receiverFactory.close();
        }
    }
}
