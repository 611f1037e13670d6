package org.openintercom.ota;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

/** Test fixtures: a release CA, signers, payloads and bundles made in a temporary directory. */
public final class Releases {

    /** The fixed time the fixtures are made at. */
    public static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    /** A clock stopped at {@link #NOW}. */
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** Chunk size of test bundles: 64 KiB. */
    public static final int CHUNK = 64 << 10;
    /** Passphrase of test CAs. */
    public static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    /** A signer: its key pair and chain (signer first, then the root). */
    public record Signer(KeyPair keys, List<X509Certificate> chain) {
    }

    private final Path dir;
    private final ReleaseCa ca;

    private Releases(Path dir, ReleaseCa ca) {
        this.dir = dir;
        this.ca = ca;
    }

    /** A new release CA under {@code dir/release-ca}. */
    public static Releases givenReleaseCa(Path dir) {
        return new Releases(dir, ReleaseCa.createOrLoad(dir.resolve("release-ca"), PASSPHRASE, CLOCK));
    }

    /** The CA. */
    public ReleaseCa ca() {
        return ca;
    }

    /** The release root. */
    public X509Certificate root() {
        return ca.rootCertificate();
    }

    /** A signer with a new key of {@code algorithm}, valid for a year. */
    public Signer givenSigner(SigningAlgorithm algorithm) {
        return givenSigner(algorithm, Duration.ofDays(365));
    }

    /** A signer with a new key of {@code algorithm}, valid for {@code validity}. */
    public Signer givenSigner(SigningAlgorithm algorithm, Duration validity) {
        KeyPair keys = ReleaseKeys.generate(algorithm);
        return new Signer(keys, ca.issueSigner("release " + algorithm.name().toLowerCase(), keys.getPublic(),
                validity));
    }

    /** A payload of {@code size} pseudo-random bytes (seeded, so reproducible). */
    public Path givenPayload(String name, long size) {
        Path p = dir.resolve(name);
        byte[] block = new byte[8192];
        Random random = new Random(size);
        try (var out = Files.newOutputStream(p)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A spec for version {@code version} of ID5 and IM6 with 64 KiB chunks and security version 3. */
    public static BundleSpec spec(String version) {
        return BundleSpec.of(FirmwareVersion.parse(version), List.of("ID5", "IM6"), 3).withChunkSize(CHUNK);
    }

    /** An unsigned bundle of a payload of {@code size} bytes. */
    public Path givenUnsignedBundle(String name, long size) {
        Path out = dir.resolve(name + ".oib");
        BundleBuilder.build(givenPayload(name + ".img", size), spec("1.2.0"), out, CLOCK);
        return out;
    }

    /** A bundle of a payload of {@code size} bytes signed by {@code signer}. */
    public Path givenSignedBundle(String name, long size, Signer signer) {
        Path out = givenUnsignedBundle(name, size);
        BundleSigner.sign(out, signer.keys().getPrivate(), signer.chain());
        return out;
    }
}
