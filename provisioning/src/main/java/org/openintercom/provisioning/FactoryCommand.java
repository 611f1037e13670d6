package org.openintercom.provisioning;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.factory.DeviceFactoryData;
import org.openintercom.provisioning.factory.DeviceInfo;
import org.openintercom.provisioning.factory.QrLabels;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.PkiException;
import org.openintercom.provisioning.pki.internal.SecureFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Makes devices at the factory: birth key, birth certificate, factory data and claim label for each. */
@Command(name = "factory", mixinStandardHelpOptions = true,
        description = "Creates or loads the manufacturer CA in DIR/manufacturer-ca and makes N devices under "
                + "DIR/devices/<deviceId>/ (factory data and label.png).")
final class FactoryCommand implements Callable<Integer> {

    /** Environment variable holding the manufacturer CA passphrase. */
    static final String PASSPHRASE_ENV = "OI_MANUFACTURER_PASSPHRASE";

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Factory output directory.")
    Path out;

    @Option(names = "--count", required = true, paramLabel = "N", description = "Number of devices to make.")
    int count;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Device model, e.g. ID5.")
    String model;

    @Option(names = "--hardware-revision", defaultValue = "A", paramLabel = "REV",
            description = "Hardware revision (default: ${DEFAULT-VALUE}).")
    String hardwareRevision;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "File whose first line is the manufacturer CA passphrase (else $" + PASSPHRASE_ENV
                    + ", else one is generated into DIR/manufacturer-ca/passphrase).")
    Path passphraseFile;

    @Option(names = "--no-terminal", description = "Do not print the QR labels in the terminal.")
    boolean noTerminal;

    private final Map<String, String> env;
    private final Clock clock;

    FactoryCommand(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        validate();
        PrintWriter outWriter = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path caDir = out.resolve("manufacturer-ca");
        ManufacturerCa ca;
        try {
            ca = ManufacturerCa.createOrLoad(caDir, passphrase(caDir, err), clock);
        } catch (PkiException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        for (int i = 0; i < count; i++) {
            DeviceId id = DeviceId.random();
            Path dir = out.resolve("devices").resolve(id.value());
            KeyPair birthKeys = KeyPairs.ecP256();
            DeviceFactoryData data = DeviceFactoryData.create(dir, new DeviceInfo(id, model, hardwareRevision),
                    birthKeys, List.of(ca.issueBirth(id, birthKeys.getPublic(), model), ca.rootCertificate()));
            QrLabels.png(data.claimCode(), LabelCommand.caption(data), dir.resolve(LabelCommand.LABEL_PNG));
            outWriter.println(LabelCommand.summary(data));
            if (!noTerminal) {
                outWriter.println(QrLabels.terminal(data.claimCode()));
            }
        }
        outWriter.flush();
        return 0;
    }

    private void validate() {
        if (count < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1, was " + count);
        }
        if (!DeviceInfo.isToken(model)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model '" + model
                    + "' must be 1-32 letters, digits, '.', '_' or '-'");
        }
        if (!DeviceInfo.isToken(hardwareRevision)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--hardware-revision '" + hardwareRevision
                    + "' must be 1-32 letters, digits, '.', '_' or '-'");
        }
        if (passphraseFile != null && !Files.isReadable(passphraseFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--passphrase-file " + passphraseFile
                    + " cannot be read");
        }
    }

    private char[] passphrase(Path caDir, PrintWriter err) {
        if (passphraseFile != null) {
            return firstLine(passphraseFile, "--passphrase-file " + passphraseFile);
        }
        String fromEnv = env.get(PASSPHRASE_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        Path generated = caDir.resolve("passphrase");
        if (Files.exists(generated)) {
            err.println("warning: using the manufacturer CA passphrase stored next to its key in " + generated
                    + "; move it somewhere safe and pass --passphrase-file or $" + PASSPHRASE_ENV);
            return firstLine(generated, generated.toString());
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String passphrase = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        SecureFiles.createPrivateDirectory(caDir);
        SecureFiles.write(generated, (passphrase + "\n").getBytes(StandardCharsets.US_ASCII), true);
        err.println("warning: no passphrase given (--passphrase-file or $" + PASSPHRASE_ENV + "); generated one "
                + "into " + generated + " (owner-only). Anyone who can read it can issue birth certificates: "
                + "move it offline.");
        return passphrase.toCharArray();
    }

    private char[] firstLine(Path file, String what) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), what + " holds no passphrase");
            }
            return lines.get(0).toCharArray();
        } catch (java.io.IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), what + " cannot be read: " + e.getMessage());
        }
    }
}
