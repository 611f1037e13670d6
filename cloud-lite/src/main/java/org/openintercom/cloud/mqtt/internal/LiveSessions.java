package org.openintercom.cloud.mqtt.internal;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which certificate serial each client id last authenticated with, so a revoked serial can be turned
 * into the sessions to close.
 */
public final class LiveSessions {

    private final Map<String, BigInteger> serialByClientId = new ConcurrentHashMap<>();

    /** Records that {@code clientId} has just authenticated with the certificate {@code serial}. */
    public void authenticated(String clientId, BigInteger serial) {
        serialByClientId.put(clientId, serial);
    }

    /** Forgets {@code clientId}. */
    public void forget(String clientId) {
        serialByClientId.remove(clientId);
    }

    /** The client ids whose latest authentication used the certificate {@code serial}. */
    public List<String> clientIdsOf(BigInteger serial) {
        return serialByClientId.entrySet().stream().filter(e -> e.getValue().equals(serial)).map(Map.Entry::getKey)
                .toList();
    }
}
