package org.openintercom.cloud.calls.sip;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** SIP accounts held in memory (tests, and a relay run without the cloud's database). Thread-safe. */
public final class InMemorySipAccounts implements SipAccounts {

    private final Map<String, SipAccount> accounts = new ConcurrentHashMap<>();

    /** Adds or replaces an account. */
    public InMemorySipAccounts put(SipAccount account) {
        accounts.put(account.username(), account);
        return this;
    }

    public void remove(String username) {
        accounts.remove(username);
    }

    @Override
    public Optional<SipAccount> find(String username) {
        return Optional.ofNullable(username == null ? null : accounts.get(username));
    }
}
