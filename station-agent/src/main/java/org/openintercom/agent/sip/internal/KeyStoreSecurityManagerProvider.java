package org.openintercom.agent.sip.internal;

import gov.nist.core.net.SecurityManagerProvider;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.openintercom.agent.sip.TlsMaterial;

/**
 * Hands JAIN-SIP the key and trust managers of an engine's {@link TlsMaterial}. JAIN-SIP instantiates this class
 * by name, so the material is registered here under the stack name (property {@value #MATERIAL_KEY}) before the
 * stack is created, and removed when the engine closes.
 */
public final class KeyStoreSecurityManagerProvider implements SecurityManagerProvider {

    /** Stack property naming the registry entry to use. */
    static final String MATERIAL_KEY = "org.openintercom.agent.sip.TLS_MATERIAL";

    private static final Map<String, TlsMaterial> REGISTRY = new ConcurrentHashMap<>();

    private KeyManager[] keyManagers;
    private TrustManager[] trustManagers;

    static void register(String name, TlsMaterial material) {
        REGISTRY.put(name, material);
    }

    static void unregister(String name) {
        REGISTRY.remove(name);
    }

    @Override
    public void init(Properties properties) throws GeneralSecurityException {
        String name = properties.getProperty(MATERIAL_KEY);
        TlsMaterial material = name == null ? null : REGISTRY.get(name);
        if (material == null) {
            throw new GeneralSecurityException("no TLS material registered for SIP stack " + name);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(material.keyStore(), material.keyPassword());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(material.trustStore());
        keyManagers = kmf.getKeyManagers();
        trustManagers = tmf.getTrustManagers();
    }

    @Override
    public KeyManager[] getKeyManagers(boolean client) {
        return keyManagers;
    }

    @Override
    public TrustManager[] getTrustManagers(boolean client) {
        return trustManagers;
    }
}
