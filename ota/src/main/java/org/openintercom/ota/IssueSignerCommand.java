package org.openintercom.ota;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openintercom.provisioning.pki.Pem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code oi-ota release-ca issue-signer}: makes a release-signing key and certifies it with the release CA. */
@Command(name = "issue-signer", mixinStandardHelpOptions = true,
        description = "Generates a release-signing key and certifies it (EKU codeSigning) with the release CA.")
final class IssueSignerCommand implements Callable<Integer> {

    /** Key algorithms on the command line. */
    enum Algorithm {
        ed25519(SigningAlgorithm.ED25519), p256(SigningAlgorithm.ECDSA_P256_SHA256);

        final SigningAlgorithm algorithm;

        Algorithm(SigningAlgorithm algorithm) {
            this.algorithm = algorithm;
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The release CA directory.")
    Path dir;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "First line: the CA passphrase (else $" + CliSupport.CA_PASSPHRASE_ENV + ").")
    Path passphraseFile;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The signer's name (its CN).")
    String name;

    @Option(names = "--algorithm", defaultValue = "ed25519", paramLabel = "ALG",
            description = "ed25519 or p256 (default: ${DEFAULT-VALUE}).")
    Algorithm algorithm;

    @Option(names = "--validity-days", defaultValue = "1096", paramLabel = "DAYS",
            description = "Validity of the certificate (default: ${DEFAULT-VALUE}).")
    int validityDays;

    @Option(names = "--out-key", required = true, paramLabel = "KEY.pem", description = "Where to write the key.")
    Path outKey;

    @Option(names = "--key-passphrase-file", paramLabel = "FILE",
            description = "Encrypt the key with this file's first line (else $" + CliSupport.KEY_PASSPHRASE_ENV
                    + ", else it is written unencrypted, owner-only).")
    Path keyPassphraseFile;

    @Option(names = "--out-chain", required = true, paramLabel = "CHAIN.pem", description = "Where to write the chain.")
    Path outChain;

    private final Map<String, String> env;
    private final Clock clock;

    IssueSignerCommand(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (validityDays < 1) {
            throw new CommandLine.ParameterException(cl, "--validity-days must be at least 1, was " + validityDays);
        }
        ReleaseCa ca = ReleaseCa.createOrLoad(dir, ReleaseCaInitCommand.caPassphrase(cl, passphraseFile, env), clock);
        char[] keyPassphrase = CliSupport.passphrase(cl, keyPassphraseFile, env, CliSupport.KEY_PASSPHRASE_ENV);
        KeyPair keys = ReleaseKeys.generate(algorithm.algorithm);
        List<X509Certificate> chain;
        try {
            chain = ca.issueSigner(name, keys.getPublic(), Duration.ofDays(validityDays));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        Pem.writePrivateKey(outKey, keys.getPrivate(), keyPassphrase);
        Pem.writeCertificates(outChain, chain);
        cl.getOut().printf("issued %s (%s) until %s: key %s%s, chain %s%n", chain.get(0).getSubjectX500Principal()
                .getName(), algorithm.algorithm.jcaName(), chain.get(0).getNotAfter().toInstant(), outKey,
                keyPassphrase == null ? " (unencrypted, owner-only)" : " (encrypted)", outChain);
        cl.getOut().flush();
        return 0;
    }
}
