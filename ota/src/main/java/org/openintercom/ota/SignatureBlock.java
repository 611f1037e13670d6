package org.openintercom.ota;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.pki.Pem;

/**
 * The signature of a bundle: the algorithm, the signature over the manifest bytes (base64) and the signer's
 * certificate chain as PEM, leaf first.
 *
 * @param algorithm  {@code Ed25519} or {@code SHA256withECDSA}
 * @param signature  the signature, base64 (ECDSA: DER-encoded r and s)
 * @param chain      PEM certificates: the signing certificate first, then any intermediates (the root may
 *                   be included; it is never trusted from here)
 */
@JsonPropertyOrder({"algorithm", "signature", "chain"})
public record SignatureBlock(String algorithm, String signature, String chain) {

    public SignatureBlock {
        Objects.requireNonNull(algorithm, "algorithm is required");
        Objects.requireNonNull(signature, "signature is required");
        Objects.requireNonNull(chain, "chain is required");
    }

    /** A block for raw signature bytes and a chain. */
    public static SignatureBlock of(SigningAlgorithm algorithm, byte[] signature, List<X509Certificate> chain) {
        return new SignatureBlock(algorithm.jcaName(), Base64.getEncoder().encodeToString(signature),
                Pem.certificatesToPem(chain));
    }

    /** The signature bytes. */
    public byte[] signatureBytes() {
        return Base64.getDecoder().decode(signature);
    }

    /** The chain's certificates, leaf first. */
    public List<X509Certificate> certificates() {
        return Pem.parseCertificates(chain);
    }

    /** The block as stored in a bundle (UTF-8 JSON). */
    public byte[] encode() {
        return ChannelJson.encode(this);
    }

    /**
     * Reads a stored block.
     *
     * @throws IllegalArgumentException if it is not such a block
     */
    public static SignatureBlock decode(byte[] json) {
        return ChannelJson.decode(json, SignatureBlock.class);
    }
}
