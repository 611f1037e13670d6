/**
 * The station agent: wires a station's hardware ({@code org.openintercom.hal}) to calls ({@code sip},
 * {@code media}), door opening ({@code door}), the call log ({@code calllog}) and its configuration
 * ({@code config}). {@link org.openintercom.agent.StationAgent} is the entry point.
 */
package org.openintercom.agent;
