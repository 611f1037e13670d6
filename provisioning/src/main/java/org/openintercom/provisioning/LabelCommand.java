package org.openintercom.provisioning;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.openintercom.provisioning.factory.DeviceFactoryData;
import org.openintercom.provisioning.factory.FactoryDataException;
import org.openintercom.provisioning.factory.QrLabels;
import org.openintercom.provisioning.pki.PkiException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints a device's claim label again (terminal QR and typed code) from its factory directory. */
@Command(name = "label", mixinStandardHelpOptions = true,
        description = "Prints the claim label of the device in DEVICE_DIR (e.g. DIR/devices/<deviceId>).")
final class LabelCommand implements Callable<Integer> {

    /** File name of the PNG label in a device directory. */
    static final String LABEL_PNG = "label.png";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DEVICE_DIR", description = "A device's factory directory.")
    Path deviceDir;

    @Override
    public Integer call() {
        if (!Files.isDirectory(deviceDir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), deviceDir + " is not a directory");
        }
        DeviceFactoryData data;
        try {
            data = DeviceFactoryData.load(deviceDir);
        } catch (FactoryDataException | PkiException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), deviceDir
                    + " is not a readable device directory: " + e.getMessage());
        }
        spec.commandLine().getOut().println(summary(data));
        spec.commandLine().getOut().println(QrLabels.terminal(data.claimCode()));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The caption printed under the QR code. */
    static String caption(DeviceFactoryData data) {
        return "OpenIntercom " + data.device().model() + " rev " + data.device().hardwareRevision() + "  S/N "
                + data.deviceId();
    }

    /** One line per device: id, model, revision, typed claim code and directory. */
    static String summary(DeviceFactoryData data) {
        return data.deviceId() + "  model=" + data.device().model() + "  rev=" + data.device().hardwareRevision()
                + "  claim=" + data.claimCode().typed() + "  " + data.directory();
    }
}
