package org.openintercom.cloud.calls.announce;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * Protects the RTP packets of one announcement with SRTP (RFC 3711, AES_CM_128_HMAC_SHA1_80) through jitsi-srtp,
 * under the key the relay put in its SDP answer. Send side only: the relay never listens to what the caller says.
 */
final class SrtpSender implements AutoCloseable {

    private static final int TAG = 10;

    static {
        // the JDK's AES at once, instead of jitsi-srtp timing every provider on first use (about a second)
        Aes.setFactoryClassName(Aes.class.getName() + "$SunJCECipherFactory");
    }

    private final SrtpContextFactory factory;
    private final SrtpCryptoContext context;

    SrtpSender(byte[] keyAndSalt, long ssrc) {
        SrtpPolicy policy = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20,
                TAG, 14);
        this.factory = new SrtpContextFactory(true, Arrays.copyOf(keyAndSalt, 16),
                Arrays.copyOfRange(keyAndSalt, 16, 30), policy, policy, new LoggerImpl(SrtpSender.class.getName()));
        try {
            this.context = factory.deriveContext((int) ssrc, 0);
        } catch (GeneralSecurityException e) {
            factory.close();
            throw new IllegalStateException("cannot derive the SRTP context: " + e.getMessage(), e);
        }
    }

    /** The SRTP form of one RTP packet. */
    byte[] protect(byte[] rtp) {
        Packet packet = new Packet(Arrays.copyOf(rtp, rtp.length + TAG), rtp.length);
        try {
            SrtpErrorStatus status = context.transformPacket(packet);
            if (status != SrtpErrorStatus.OK) {
                throw new IllegalStateException("SRTP protect failed: " + status);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SRTP protect failed: " + e.getMessage(), e);
        }
        return Arrays.copyOf(packet.bytes, packet.length);
    }

    @Override
    public void close() {
        factory.close();
    }

    /** A packet with room for the authentication tag: all jitsi-srtp's sender needs of its buffer type. */
    private static final class Packet implements ByteArrayBuffer {
        private byte[] bytes;
        private int length;

        Packet(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }

        @Override
        public byte[] getBuffer() {
            return bytes;
        }

        @Override
        public int getOffset() {
            return 0;
        }

        @Override
        public int getLength() {
            return length;
        }

        @Override
        public void setLength(int len) {
            length = len;
        }

        @Override
        public void setOffset(int off) {
            if (off != 0) {
                throw new UnsupportedOperationException("offset " + off);
            }
        }

        @Override
        public boolean isInvalid() {
            return false;
        }

        @Override
        public void readRegionToBuff(int off, int len, byte[] out) {
            System.arraycopy(bytes, off, out, 0, len);
        }

        @Override
        public void grow(int howMuch) {
            if (bytes.length - length < howMuch) {
                bytes = Arrays.copyOf(bytes, length + howMuch);
            }
        }

        @Override
        public void append(byte[] data, int len) {
            grow(len);
            System.arraycopy(data, 0, bytes, length, len);
            length += len;
        }

        @Override
        public void shrink(int len) {
            length = Math.max(0, length - len);
        }
    }
}
