package org.openintercom.ota;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.openintercom.ota.delta.DeltaHeader;
import org.openintercom.ota.delta.DeltaPatches;
import org.openintercom.ota.delta.PayloadFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code oi-ota delta}: makes a delta patch from one firmware payload (bundle or image) to the next. */
@Command(name = "delta", mixinStandardHelpOptions = true,
        description = "Makes a delta patch that turns the base payload into the target payload. Bundles (.oib) "
                + "stand for their payloads; other files are raw images.")
final class DeltaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--base", required = true, paramLabel = "OLD.oib|OLD.img",
            description = "The version the device runs.")
    Path base;

    @Option(names = "--target", required = true, paramLabel = "NEW.oib|NEW.img", description = "The new version.")
    Path target;

    @Option(names = "--out", required = true, paramLabel = "X.patch", description = "The patch to write.")
    Path out;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        PayloadFile basePayload = payload(cl, "--base", base);
        PayloadFile targetPayload = payload(cl, "--target", target);
        DeltaHeader header;
        try (CliSupport.Progress progress = CliSupport.progress("making patch", cl.getErr())) {
            header = DeltaPatches.create(basePayload, targetPayload, out, progress);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        long size;
        try {
            size = Files.size(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + out + ": " + e.getMessage(), e);
        }
        cl.getOut().printf(Locale.ROOT, "patch %s: %d bytes for a target of %d bytes (%.2f %%); base sha256 %s, "
                + "target sha256 %s%n", out, size, header.targetSize(),
                header.targetSize() == 0 ? 100.0 : 100.0 * size / header.targetSize(), header.baseSha256(),
                header.targetSha256());
        cl.getOut().flush();
        return 0;
    }

    /** The payload of {@code file}: a bundle's payload region, or the whole file. */
    static PayloadFile payload(CommandLine cl, String option, Path file) {
        if (!Files.isReadable(file)) {
            throw new CommandLine.ParameterException(cl, option + " " + file + " cannot be read");
        }
        try {
            return PayloadFile.bundleOrImage(file);
        } catch (BundleFormatException e) {
            throw new CommandLine.ParameterException(cl, option + " " + file + ": " + e.getMessage());
        }
    }
}
