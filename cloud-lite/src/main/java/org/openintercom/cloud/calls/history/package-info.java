/**
 * Call history ("VoIP reports"): one record per call through the SIP relay, written by the relay through a
 * {@link org.openintercom.cloud.calls.history.CallRecorder}, kept in the database
 * ({@link org.openintercom.cloud.calls.history.CallHistoryStore}), with the caller snapshot a station uploads kept
 * on disk ({@link org.openintercom.cloud.calls.history.SnapshotStore}), deleted after the retention period by
 * {@link org.openintercom.cloud.calls.history.CallRetention} and exported as CSV by
 * {@link org.openintercom.cloud.calls.history.CallCsv}. See docs/calls.md.
 */
package org.openintercom.cloud.calls.history;
