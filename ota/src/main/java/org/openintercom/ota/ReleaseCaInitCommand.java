package org.openintercom.ota;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code oi-ota release-ca init}: creates (or checks) the release CA in a directory. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Creates the release CA in DIR (release-root.crt, encrypted release-root.key), or loads it.")
final class ReleaseCaInitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The CA directory (keep it offline).")
    Path dir;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "First line: the CA passphrase (else $" + CliSupport.CA_PASSPHRASE_ENV + ").")
    Path passphraseFile;

    private final Map<String, String> env;
    private final Clock clock;

    ReleaseCaInitCommand(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        ReleaseCa ca = ReleaseCa.createOrLoad(dir, caPassphrase(spec.commandLine(), passphraseFile, env), clock);
        spec.commandLine().getOut().printf("release CA in %s: root %s, valid until %s; give devices %s%n", dir,
                ca.rootCertificate().getSubjectX500Principal().getName(), ca.rootCertificate().getNotAfter()
                        .toInstant(), dir.resolve(ReleaseCa.ROOT_CRT));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The CA passphrase from the file or the environment; a missing one is a usage error. */
    static char[] caPassphrase(CommandLine cl, Path file, Map<String, String> env) {
        char[] p = CliSupport.passphrase(cl, file, env, CliSupport.CA_PASSPHRASE_ENV);
        if (p == null) {
            throw new CommandLine.ParameterException(cl, "the release CA needs a passphrase: --passphrase-file or $"
                    + CliSupport.CA_PASSPHRASE_ENV);
        }
        return p;
    }
}
