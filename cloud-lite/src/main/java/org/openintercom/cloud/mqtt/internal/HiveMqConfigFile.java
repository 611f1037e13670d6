package org.openintercom.cloud.mqtt.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.OptionalInt;

/** Writes the HiveMQ {@code config.xml} of a mutual-TLS broker (and converts a PEM trust store for it). */
public final class HiveMqConfigFile {

    private HiveMqConfigFile() {
    }

    /**
     * Writes {@code config.xml} into {@code confDirectory}: a {@code tls-tcp-listener} that requires client
     * certificates (TLSv1.3 and TLSv1.2), optionally a plain {@code tcp-listener}, file or in-memory persistence,
     * no empty client ids, no topic aliases (see below), no usage statistics.
     */
    public static Path write(Path confDirectory, String bindAddress, int tlsPort, Path keyStore,
            String keyStorePassword, Path trustStore, String trustStorePassword, OptionalInt plainTcpPort,
            boolean inMemory) {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<!-- written by org.openintercom.cloud.mqtt.EmbeddedBroker; edits are overwritten -->\n");
        xml.append("<hivemq>\n  <listeners>\n");
        xml.append("    <tls-tcp-listener>\n");
        xml.append("      <port>").append(tlsPort).append("</port>\n");
        xml.append("      <bind-address>").append(esc(bindAddress)).append("</bind-address>\n");
        xml.append("      <name>mutual-tls</name>\n");
        xml.append("      <tls>\n");
        xml.append("        <keystore>\n");
        xml.append("          <path>").append(esc(keyStore.toAbsolutePath().toString())).append("</path>\n");
        xml.append("          <password>").append(esc(keyStorePassword)).append("</password>\n");
        xml.append("          <private-key-password>").append(esc(keyStorePassword))
                .append("</private-key-password>\n");
        xml.append("        </keystore>\n");
        xml.append("        <truststore>\n");
        xml.append("          <path>").append(esc(trustStore.toAbsolutePath().toString())).append("</path>\n");
        xml.append("          <password>").append(esc(trustStorePassword)).append("</password>\n");
        xml.append("        </truststore>\n");
        xml.append("        <protocols>\n");
        xml.append("          <protocol>TLSv1.3</protocol>\n");
        xml.append("          <protocol>TLSv1.2</protocol>\n");
        xml.append("        </protocols>\n");
        xml.append("        <client-authentication-mode>REQUIRED</client-authentication-mode>\n");
        xml.append("      </tls>\n");
        xml.append("    </tls-tcp-listener>\n");
        plainTcpPort.ifPresent(port -> {
            xml.append("    <!-- tests only: no certificate on this listener, so every client is refused -->\n");
            xml.append("    <tcp-listener>\n");
            xml.append("      <port>").append(port).append("</port>\n");
            xml.append("      <bind-address>").append(esc(bindAddress)).append("</bind-address>\n");
            xml.append("      <name>plain-tests-only</name>\n");
            xml.append("    </tcp-listener>\n");
        });
        xml.append("  </listeners>\n");
        // no topic aliases from clients: Paho (MQTT 5) resends a QoS 1 publish left in flight on a connection that went
        // dark with that connection's alias and no topic, and the broker then refuses every reconnect (RC 148)
        xml.append("  <mqtt><topic-alias><enabled>false</enabled></topic-alias></mqtt>\n");
        xml.append("  <security>\n");
        xml.append("    <allow-empty-client-id><enabled>false</enabled></allow-empty-client-id>\n");
        xml.append("  </security>\n");
        xml.append("  <persistence><mode>").append(inMemory ? "in-memory" : "file").append("</mode></persistence>\n");
        xml.append("  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n");
        xml.append("</hivemq>\n");
        try {
            Files.createDirectories(confDirectory);
            Path file = confDirectory.resolve("config.xml");
            Files.writeString(file, xml, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker configuration into " + confDirectory, e);
        }
    }

    /** Whether {@code file} is PEM text (starts with a {@code -----BEGIN} line). */
    public static boolean isPem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(64);
            return new String(head, StandardCharsets.US_ASCII).stripLeading().startsWith("-----BEGIN");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the broker trust store " + file, e);
        }
    }

    /** Converts the certificates of a PEM file into a PKCS12 trust store at {@code target}. */
    public static void pemToPkcs12(Path pem, Path target, String password) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("broker trust store " + pem + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate cert : certs) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            Files.createDirectories(target.getParent());
            try (OutputStream out = Files.newOutputStream(target)) {
                store.store(out, password.toCharArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot convert the PEM trust store " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("broker trust store " + pem + " is not a PEM certificate file", e);
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
