package org.openintercom.cloud.calls.history;

import java.util.List;
import java.util.Optional;

/** One page of calls, newest first, and the cursor of the next page if there may be one. */
public record CallPage(List<CallRecord> calls, Optional<CallCursor> next) {

    public CallPage {
        calls = List.copyOf(calls);
    }
}
