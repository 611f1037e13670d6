/**
 * SDP for calls: an immutable model, a strict parser that names the bad line, a writer, and offer/answer
 * negotiation (codec choice by audio bandwidth, SDES SRTP keys). Deliberately not {@code javax.sdp}.
 */
package org.openintercom.agent.sdp;
