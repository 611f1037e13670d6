package org.openintercom.ota;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openintercom.provisioning.pki.Pem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code oi-ota sign}: signs a bundle with a release-signing key and its chain. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Signs a bundle in place (or a copy with --out) with a release-signing key.")
final class SignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "The bundle to sign.")
    Path bundle;

    @Option(names = "--key", required = true, paramLabel = "KEY.pem", description = "The release-signing key.")
    Path key;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "First line: the key's passphrase (else $" + CliSupport.KEY_PASSPHRASE_ENV + ").")
    Path passphraseFile;

    @Option(names = "--chain", required = true, paramLabel = "CHAIN.pem",
            description = "The key's certificate chain, signer first.")
    Path chain;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the signed bundle here; the input stays unsigned.")
    Path out;

    private final Map<String, String> env;

    SignCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        char[] passphrase = CliSupport.passphrase(cl, passphraseFile, env, CliSupport.KEY_PASSPHRASE_ENV);
        PrivateKey privateKey = Pem.readPrivateKey(key, passphrase);
        List<X509Certificate> certificates = Pem.readCertificates(chain);
        if (out == null) {
            BundleSigner.sign(bundle, privateKey, certificates);
        } else {
            BundleSigner.signCopy(bundle, out, privateKey, certificates);
        }
        cl.getOut().printf("signed %s as %s%n", out == null ? bundle : out,
                certificates.get(0).getSubjectX500Principal().getName());
        cl.getOut().flush();
        return 0;
    }
}
