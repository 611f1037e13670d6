package org.openintercom.cloud.calls.history;

/** Checks SIP Call-IDs before they are stored or looked up. */
final class CallIds {

    private CallIds() {
    }

    /** {@code callId} if it is 1 to {@value NewCall#MAX_CALL_ID} visible ASCII characters. */
    static String check(String callId) {
        if (callId == null || callId.isEmpty()) {
            throw new IllegalArgumentException("call id must not be empty");
        }
        if (callId.length() > NewCall.MAX_CALL_ID) {
            throw new IllegalArgumentException("call id has " + callId.length() + " characters, at most "
                    + NewCall.MAX_CALL_ID + " are allowed");
        }
        for (int i = 0; i < callId.length(); i++) {
            char c = callId.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException("call id '" + callId + "' has a character outside visible ASCII"
                        + " at position " + (i + 1));
            }
        }
        return callId;
    }

    /** Whether {@code callId} would pass {@link #check}. */
    static boolean isValid(String callId) {
        try {
            check(callId);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
