package org.openintercom.agent.call;

/** Whether this station placed the call or received it. */
public enum CallDirection { OUTGOING, INCOMING }
