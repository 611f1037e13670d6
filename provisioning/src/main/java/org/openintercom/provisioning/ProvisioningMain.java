package org.openintercom.provisioning;

import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The provisioning command line: {@code factory} makes devices, {@code label} prints a device's label again. */
@Command(name = "oi-provisioning", mixinStandardHelpOptions = true,
        description = "OpenIntercom device provisioning: factory data, birth certificates and claim labels.",
        footer = {"", "Exit codes: 0 ok, 1 failure (e.g. wrong passphrase), 2 bad arguments."})
public final class ProvisioningMain implements Runnable {

    @Spec
    CommandSpec spec;

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine(System.getenv(), Clock.systemUTC()).execute(args));
    }

    /** The command line with its subcommands, reading environment variables from {@code env}. */
    public static CommandLine commandLine(Map<String, String> env, Clock clock) {
        CommandLine cl = new CommandLine(new ProvisioningMain());
        cl.addSubcommand("factory", new FactoryCommand(env, clock));
        cl.addSubcommand("label", new LabelCommand());
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: factory or label");
    }
}
