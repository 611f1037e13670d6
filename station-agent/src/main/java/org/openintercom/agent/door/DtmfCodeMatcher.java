package org.openintercom.agent.door;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Recognises the door code in a stream of DTMF digits: the code matches when its digits arrive in order with
 * no more than {@code interDigitTimeout} between two of them; a wrong digit restarts matching.
 */
public final class DtmfCodeMatcher {

    private final String code;
    private final Duration interDigitTimeout;
    private final StringBuilder typed = new StringBuilder();
    private Instant lastDigit = Instant.MIN;

    public DtmfCodeMatcher(String code, Duration interDigitTimeout) {
        this.code = code.toUpperCase(Locale.ROOT);
        this.interDigitTimeout = interDigitTimeout;
    }

    /** Feeds one digit received at {@code at}; true when it completes the code (matching then starts over). */
    public boolean accept(char digit, Instant at) {
        if (lastDigit != Instant.MIN && Duration.between(lastDigit, at).compareTo(interDigitTimeout) > 0) {
            typed.setLength(0);
        }
        lastDigit = at;
        typed.append(Character.toUpperCase(digit));
        if (typed.length() > code.length()) {
            typed.delete(0, typed.length() - code.length());
        }
        if (typed.toString().equals(code)) {
            typed.setLength(0);
            return true;
        }
        return false;
    }

    public void reset() {
        typed.setLength(0);
        lastDigit = Instant.MIN;
    }
}
