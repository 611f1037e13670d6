package org.openintercom.ota;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code oi-ota build}: makes an unsigned bundle from a payload file. */
@Command(name = "build", description = "Builds an unsigned bundle from a payload.")
final class BuildCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    // no mixinStandardHelpOptions: its --version would clash with the firmware --version
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--payload", required = true, paramLabel = "FILE", description = "The firmware image or delta.")
    Path payload;

    @Option(names = "--version", required = true, paramLabel = "V", description = "Firmware version, e.g. 1.4.2.")
    String version;

    @Option(names = "--models", required = true, split = ",", paramLabel = "MODEL",
            description = "Compatible models, e.g. ID5,IM6.")
    List<String> models;

    @Option(names = "--hardware", split = ",", paramLabel = "REV",
            description = "Compatible hardware revisions (default: all).")
    List<String> hardware = List.of();

    @Option(names = "--security-critical", description = "The release fixes a security problem.")
    boolean securityCritical;

    @Option(names = "--security-version", required = true, paramLabel = "N",
            description = "Anti-rollback counter; devices never go below the one they run.")
    long securityVersion;

    @Option(names = "--chunk-size", defaultValue = "1MiB", paramLabel = "SIZE",
            converter = CliSupport.ByteSize.class, description = "Chunk size (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--delta-base", paramLabel = "V", description = "The payload is a delta from this version.")
    String deltaBase;

    @Option(names = "--delta-base-sha256", paramLabel = "HEX", description = "SHA-256 of the delta base's payload.")
    String deltaBaseSha256;

    @Option(names = "--release-notes", paramLabel = "TEXT", description = "Release notes for operators.")
    String releaseNotes = "";

    @Option(names = "--out", required = true, paramLabel = "FILE.oib", description = "The bundle to write.")
    Path out;

    private final Clock clock;

    BuildCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (!Files.isReadable(payload)) {
            throw new CommandLine.ParameterException(cl, "--payload " + payload + " cannot be read");
        }
        if ((deltaBase == null) != (deltaBaseSha256 == null)) {
            throw new CommandLine.ParameterException(cl, "--delta-base and --delta-base-sha256 go together");
        }
        BundleSpec bundleSpec;
        try {
            bundleSpec = new BundleSpec(FirmwareVersion.parse(version), models, hardware, securityCritical,
                    securityVersion, chunkSize, Optional.ofNullable(deltaBase == null ? null
                            : new DeltaBase(FirmwareVersion.parse(deltaBase), deltaBaseSha256.toLowerCase())),
                    releaseNotes);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        Manifest m;
        try (CliSupport.Progress progress = CliSupport.progress("hashing", cl.getErr())) {
            m = BundleBuilder.build(payload, bundleSpec, out, clock, progress);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        cl.getOut().printf("built %s: version %s for %s, %d bytes in %d chunks, sha256 %s (unsigned)%n", out,
                m.version(), String.join(",", m.models()), m.payloadSize(), m.chunkCount(), m.payloadSha256());
        cl.getOut().flush();
        return 0;
    }
}
