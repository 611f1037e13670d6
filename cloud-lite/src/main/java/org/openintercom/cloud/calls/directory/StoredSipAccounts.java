package org.openintercom.cloud.calls.directory;

import java.util.Optional;
import org.openintercom.cloud.calls.sip.SipAccount;
import org.openintercom.cloud.calls.sip.SipAccounts;

/** The relay's digest credentials from the call directory's in-memory snapshot (no database access per request). */
public final class StoredSipAccounts implements SipAccounts {

    private final CallDirectoryStore store;

    public StoredSipAccounts(CallDirectoryStore store) {
        this.store = store;
    }

    @Override
    public Optional<SipAccount> find(String username) {
        return store.snapshot().user(username).map(SipUser::account);
    }
}
