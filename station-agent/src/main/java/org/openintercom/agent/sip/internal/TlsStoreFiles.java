package org.openintercom.agent.sip.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Properties;
import org.openintercom.agent.sip.TlsMaterial;

/**
 * Hands an engine's {@link TlsMaterial} to JAIN-SIP as the {@code javax.net.ssl.*} stack properties its default
 * security manager provider reads, through PKCS12 files in a private temporary directory that exist only while
 * the stack is created. (JAIN-SIP 1.3.0-91 cannot take a custom {@code SECURITY_MANAGER_PROVIDER}: it wraps the
 * properties in {@code MergedSystemProperties}, whose {@code containsKey} never sees them.)
 */
final class TlsStoreFiles implements AutoCloseable {

    private final Path dir;

    private TlsStoreFiles(Path dir) {
        this.dir = dir;
    }

    /** Writes the stores and sets the stack properties that point at them. */
    static TlsStoreFiles write(TlsMaterial tls, Properties properties) {
        try {
            Path dir = Files.createTempDirectory("sip-tls-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            char[] password = tls.keyPassword();
            Path keyStore = store(tls.keyStore(), dir.resolve("key.p12"), password);
            Path trustStore = store(tls.trustStore(), dir.resolve("trust.p12"), password);
            String pw = new String(password);
            properties.setProperty("javax.net.ssl.keyStore", keyStore.toString());
            properties.setProperty("javax.net.ssl.keyStorePassword", pw);
            properties.setProperty("javax.net.ssl.keyStoreType", "PKCS12");
            properties.setProperty("javax.net.ssl.trustStore", trustStore.toString());
            properties.setProperty("javax.net.ssl.trustStorePassword", pw);
            properties.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            return new TlsStoreFiles(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TLS stores for the SIP stack to a temporary directory",
                    e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the TLS key store cannot be re-encoded as PKCS12 (is the key "
                    + "password right?): " + e.getMessage(), e);
        }
    }

    private static Path store(KeyStore source, Path file, char[] password)
            throws IOException, GeneralSecurityException {
        KeyStore copy = KeyStore.getInstance("PKCS12");
        copy.load(null, null);
        for (String alias : java.util.Collections.list(source.aliases())) {
            if (source.isKeyEntry(alias)) {
                copy.setKeyEntry(alias, source.getKey(alias, password), password, source.getCertificateChain(alias));
            } else {
                copy.setCertificateEntry(alias, source.getCertificate(alias));
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            copy.store(out, password);
        }
        return file;
    }

    /** Deletes the files; the stack has loaded them by now. */
    @Override
    public void close() {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp file left behind is not worth failing a start for
        }
    }
}
