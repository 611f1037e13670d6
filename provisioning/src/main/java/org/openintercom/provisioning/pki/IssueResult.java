package org.openintercom.provisioning.pki;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** The outcome of a certificate request: the issued chain (leaf first), or why it was rejected. */
public sealed interface IssueResult {

    /** A certificate was issued; {@code chain} is [leaf, issuing CA], the root being the trust anchor. */
    record Issued(List<X509Certificate> chain) implements IssueResult {
        public Issued {
            chain = List.copyOf(chain);
        }

        /** The issued certificate. */
        public X509Certificate certificate() {
            return chain.get(0);
        }
    }

    /** The request was refused. */
    record Rejected(Rejection rejection) implements IssueResult {
    }

    /** An issued chain. */
    static IssueResult issued(List<X509Certificate> chain) {
        return new Issued(chain);
    }

    /** A rejection. */
    static IssueResult rejected(Rejection.Code code, String message) {
        return new Rejected(new Rejection(code, message));
    }

    /** Whether a certificate was issued. */
    default boolean isIssued() {
        return this instanceof Issued;
    }

    /** The issued chain, if any. */
    default Optional<List<X509Certificate>> issuedChain() {
        return this instanceof Issued i ? Optional.of(i.chain()) : Optional.empty();
    }

    /** The rejection, if any. */
    default Optional<Rejection> rejectionReason() {
        return this instanceof Rejected r ? Optional.of(r.rejection()) : Optional.empty();
    }
}
