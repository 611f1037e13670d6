package org.openintercom.ota;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import org.openintercom.ota.internal.BundleLayout;
import org.openintercom.provisioning.pki.internal.Bc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs a bundle: the signature covers the stored manifest bytes (and through its chunk digests the payload)
 * and is written with the signer's chain into the reserved signature area; the payload is not touched.
 */
public final class BundleSigner {

    private static final Logger LOG = LoggerFactory.getLogger(BundleSigner.class);

    private BundleSigner() {
    }

    /**
     * Signs {@code bundle} in place with {@code key}, whose certificate is {@code chain.get(0)}; a previous
     * signature is replaced.
     *
     * @throws IllegalArgumentException if the key is not Ed25519 or P-256, does not match the chain's first
     *         certificate, or the block does not fit the signature area
     * @throws BundleFormatException if the file is not a bundle
     */
    public static void sign(Path bundle, PrivateKey key, List<X509Certificate> chain) {
        Bundle b = Bundle.open(bundle);
        SigningAlgorithm algorithm = SigningAlgorithm.forKey(key).orElseThrow(() -> new IllegalArgumentException(
                "a release key must be Ed25519 or EC P-256, this one is " + key.getAlgorithm()));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the signer's certificate chain is empty");
        }
        byte[] signature = signature(algorithm, key, b.manifestBytes());
        if (!verifies(algorithm, chain.get(0), b.manifestBytes(), signature)) {
            throw new IllegalArgumentException("the signing key does not belong to the certificate "
                    + chain.get(0).getSubjectX500Principal().getName());
        }
        byte[] block = SignatureBlock.of(algorithm, signature, chain).encode();
        if (block.length > b.signatureCapacity()) {
            throw new IllegalArgumentException("the signature block (" + block.length + " bytes, most of it the "
                    + "certificate chain) does not fit the bundle's signature area of " + b.signatureCapacity());
        }
        ByteBuffer area = ByteBuffer.allocate(b.signatureCapacity()).put(block).flip();
        ByteBuffer length = ByteBuffer.allocate(4).putInt(block.length).flip();
        try (FileChannel ch = FileChannel.open(bundle, StandardOpenOption.WRITE)) {
            long at = BundleLayout.signatureOffset(b.manifestBytes().length);
            while (area.hasRemaining()) {
                ch.write(area, at + area.position());
            }
            while (length.hasRemaining()) {
                ch.write(length, BundleLayout.SIGNATURE_LENGTH_OFFSET + length.position());
            }
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the signature into " + bundle + ": " + e.getMessage(), e);
        }
        LOG.info("Signed bundle {} with {} as {}", bundle, algorithm.jcaName(),
                chain.get(0).getSubjectX500Principal().getName());
    }

    /** Copies {@code bundle} to {@code out} (atomically) and signs the copy; the original is left unsigned. */
    public static void signCopy(Path bundle, Path out, PrivateKey key, List<X509Certificate> chain) {
        Path target = out.toAbsolutePath();
        Path temp = null;
        try {
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.copy(bundle, temp, StandardCopyOption.REPLACE_EXISTING);
            sign(temp, key, chain);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // moved already, or the signing failed; nothing to keep
                }
            }
        }
    }

    /** A signature over {@code data} with BouncyCastle. */
    static byte[] signature(SigningAlgorithm algorithm, PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(algorithm.jcaName(), Bc.PROVIDER);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with the " + key.getAlgorithm() + " key: "
                    + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} over {@code data} verifies with the key of {@code certificate}. */
    static boolean verifies(SigningAlgorithm algorithm, X509Certificate certificate, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance(algorithm.jcaName(), Bc.PROVIDER);
            s.initVerify(certificate.getPublicKey());
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
