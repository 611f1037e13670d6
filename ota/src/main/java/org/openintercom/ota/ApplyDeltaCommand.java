package org.openintercom.ota;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.openintercom.ota.delta.DeltaHeader;
import org.openintercom.ota.delta.DeltaPatches;
import org.openintercom.ota.delta.PayloadFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code oi-ota apply-delta}: applies a delta patch to a base payload, as a device would (for testing). */
@Command(name = "apply-delta", mixinStandardHelpOptions = true,
        description = "Applies a delta patch to the base payload and writes the target image (atomically). "
                + "Refuses a patch made for another base, and a damaged or truncated patch.")
final class ApplyDeltaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--base", required = true, paramLabel = "OLD.img|OLD.oib",
            description = "The base payload: a raw image, or a bundle standing for its payload.")
    Path base;

    @Option(names = "--patch", required = true, paramLabel = "X.patch", description = "The patch.")
    Path patch;

    @Option(names = "--out", required = true, paramLabel = "NEW.img", description = "The target image to write.")
    Path out;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        PayloadFile basePayload = DeltaCommand.payload(cl, "--base", base);
        if (!Files.isReadable(patch)) {
            throw new CommandLine.ParameterException(cl, "--patch " + patch + " cannot be read");
        }
        Path target = out.toAbsolutePath();
        Path temp = null;
        DeltaHeader header;
        try {
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try (InputStream in = Files.newInputStream(patch);
                    OutputStream o = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 20);
                    CliSupport.Progress progress = CliSupport.progress("applying", cl.getErr())) {
                header = DeltaPatches.apply(basePayload, in, o, progress);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // moved already, or the patch failed; nothing to keep
                }
            }
        }
        cl.getOut().printf("applied %s: wrote %s, %d bytes, sha256 %s%n", patch, out, header.targetSize(),
                header.targetSha256());
        cl.getOut().flush();
        return 0;
    }
}
