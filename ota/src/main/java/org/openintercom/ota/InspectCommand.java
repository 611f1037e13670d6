package org.openintercom.ota;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;
import org.openintercom.provisioning.channel.ChannelJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code oi-ota inspect}: prints a bundle's manifest and signer without trusting them. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Prints a bundle's manifest, signer and chunk count (nothing is verified: use verify).")
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The bundle.")
    Path file;

    @Option(names = "--chunks", description = "Also list the SHA-256 of every chunk.")
    boolean chunks;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Bundle b = Bundle.open(file);
        Manifest m = b.unverifiedManifest();
        out.println("bundle:    " + file);
        out.println("version:   " + m.version() + (m.securityCritical() ? " (security-critical)" : ""));
        out.println("models:    " + String.join(",", m.models()) + (m.hardwareRevisions().isEmpty() ? ""
                : " hardware " + String.join(",", m.hardwareRevisions())));
        out.println("security:  version " + m.securityVersion());
        out.println("payload:   " + m.payloadSize() + " bytes at offset " + b.payloadOffset() + ", " + m.chunkCount()
                + " chunks of " + m.chunkSize() + ", sha256 " + m.payloadSha256());
        m.deltaBase().ifPresent(d -> out.println("delta:     from " + d.version() + " (sha256 " + d.payloadSha256()
                + ")"));
        if (b.signed()) {
            SignatureBlock block = b.signatureBlock().orElseThrow();
            List<X509Certificate> chain = block.certificates();
            out.println("signed:    yes, " + block.algorithm() + " by " + chain.get(0).getSubjectX500Principal()
                    .getName() + " (until " + chain.get(0).getNotAfter().toInstant() + ", issued by "
                    + chain.get(0).getIssuerX500Principal().getName() + ")");
        } else {
            out.println("signed:    no");
        }
        ObjectNode json = ChannelJson.mapper().valueToTree(m);
        if (!chunks) {
            json.put("chunkSha256", "(" + m.chunkCount() + " digests; --chunks lists them)");
        }
        out.println("manifest (unverified):");
        out.println(ChannelJson.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        out.flush();
        return 0;
    }
}
