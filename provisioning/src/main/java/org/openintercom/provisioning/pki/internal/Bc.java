package org.openintercom.provisioning.pki.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The BouncyCastle provider instance used for operations the JDK lacks; it is never registered globally. */
public final class Bc {

    /** The provider; pass it to BouncyCastle builders with {@code setProvider}. */
    public static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {
    }
}
