package org.openintercom.cloud.calls.sip;

import java.util.Optional;

/** Where the registrar and the proxy look up digest credentials. */
public interface SipAccounts {

    /** The account of a SIP user name, if there is one. */
    Optional<SipAccount> find(String username);
}
