package org.openintercom.agent.media;

/**
 * SDES keying (RFC 4568) of one SRTP call: the crypto suite ({@code AES_CM_128_HMAC_SHA1_80}) and the 30-byte
 * master key + salt each side sends with. The local key protects what we send; the remote key what we receive.
 */
public record SrtpKeys(String suite, byte[] localKeyAndSalt, byte[] remoteKeyAndSalt) {

    public static final String AES_CM_128_HMAC_SHA1_80 = "AES_CM_128_HMAC_SHA1_80";
}
