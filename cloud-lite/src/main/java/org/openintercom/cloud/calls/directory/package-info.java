/**
 * Where the call relay's SIP users, ring groups and forwarding rules live: {@link
 * org.openintercom.cloud.calls.directory.CallDirectoryStore} keeps them in the cloud's database (V6) and an
 * in-memory {@link org.openintercom.cloud.calls.directory.DirectorySnapshot} of them, refreshed on every change;
 * {@link org.openintercom.cloud.calls.directory.StoredSipAccounts} and {@link
 * org.openintercom.cloud.calls.directory.StoredRoutingDirectory} answer the relay from that snapshot, so no INVITE
 * or REGISTER waits for the database. See docs/calls.md ("Where groups, users and rules live").
 */
package org.openintercom.cloud.calls.directory;
