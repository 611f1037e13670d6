package org.openintercom.ota;

import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code oi-ota} command line: build, sign, inspect and verify bundles, make and apply delta patches, and run
 * the release CA.
 */
@Command(name = "oi-ota", mixinStandardHelpOptions = true,
        description = "OpenIntercom firmware bundles: build, sign, inspect, verify; delta patches; the release CA.",
        footer = {"", "Exit codes: 0 ok, 1 refused or failed, 2 bad arguments."})
public final class OtaMain implements Runnable {

    @Spec
    CommandSpec spec;

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "oi-ota-logback.xml");
        }
        System.exit(commandLine(System.getenv(), Clock.systemUTC()).execute(args));
    }

    /** The command line with its subcommands, reading environment variables from {@code env}. */
    public static CommandLine commandLine(Map<String, String> env, Clock clock) {
        CommandLine cl = new CommandLine(new OtaMain());
        cl.addSubcommand("build", new BuildCommand(clock));
        cl.addSubcommand("sign", new SignCommand(env));
        cl.addSubcommand("inspect", new InspectCommand());
        cl.addSubcommand("verify", new VerifyCommand(clock));
        cl.addSubcommand("delta", new DeltaCommand());
        cl.addSubcommand("apply-delta", new ApplyDeltaCommand());
        cl.addSubcommand("release-ca", new CommandLine(new ReleaseCaCommand())
                .addSubcommand("init", new ReleaseCaInitCommand(env, clock))
                .addSubcommand("issue-signer", new IssueSignerCommand(env, clock)));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            commandLine.getErr().flush();
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is needed: build, sign, inspect, verify, delta, apply-delta or release-ca");
    }

    /** The {@code release-ca} group: needs one of its subcommands. */
    @Command(name = "release-ca", mixinStandardHelpOptions = true,
            description = "The release CA: init creates it, issue-signer certifies a release-signing key.")
    static final class ReleaseCaCommand implements Runnable {

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: init or issue-signer");
        }
    }
}
