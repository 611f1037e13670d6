package org.openintercom.agent.sip.internal;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.SIPDialog;
import java.net.InetAddress;
import java.util.Properties;
import javax.sip.PeerUnavailableException;
import javax.sip.Transaction;

/**
 * JAIN-SIP's stack, except that an INVITE retransmitted after our 2xx (same branch as the INVITE that created the
 * confirmed dialog, e.g. when the first 200 OK was lost) is not refused as a merged request with 482: it reaches
 * the engine, which absorbs it while the 2xx keeps being retransmitted until the ACK (RFC 6026). Without this a
 * caller whose 200 got lost sees its call fail with 482. Bound to an IPv6 link-local address, it reaches link-local
 * peers through that address's interface ({@link ScopingNetworkLayer}).
 */
final class RetransmissionTolerantStack extends SipStackImpl {

    RetransmissionTolerantStack(Properties properties, InetAddress bindAddress) throws PeerUnavailableException {
        super(properties);
        if (LinkLocal.scoped(bindAddress)) {
            // URIs, Via and Contact carry link-local peers without a scope: connect through our own interface
            networkLayer = new ScopingNetworkLayer(getNetworkLayer(), bindAddress);
        }
    }

    @Override
    public boolean findMergedTransaction(SIPRequest request) {
        if (!super.findMergedTransaction(request)) {
            return false;
        }
        SIPDialog dialog = request.getMergeId() == null ? null : serverDialogMergeTestTable.get(request.getMergeId());
        Transaction first = dialog == null ? null : dialog.getFirstTransactionInt();
        Via via = request.getTopmostVia();
        boolean retransmission = first != null && via != null && via.getBranch() != null
                && via.getBranch().equalsIgnoreCase(first.getBranchId());
        return !retransmission;
    }
}
