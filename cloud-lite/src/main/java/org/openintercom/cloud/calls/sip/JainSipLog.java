package org.openintercom.cloud.calls.sip;

import gov.nist.core.ServerLogger;
import gov.nist.core.StackLogger;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's stack and message logs on SLF4J (logger {@code gov.nist.javax.sip}), so the relay needs no log4j.
 * The stack's own INFO chatter goes to DEBUG; messages are logged at TRACE.
 */
public final class JainSipLog implements StackLogger, ServerLogger {

    private static final Logger LOG = LoggerFactory.getLogger("gov.nist.javax.sip");

    @Override
    public void logStackTrace() {
        if (LOG.isTraceEnabled()) {
            LOG.trace("stack", new Throwable());
        }
    }

    @Override
    public void logStackTrace(int level) {
        logStackTrace();
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable t) {
        LOG.debug("JAIN-SIP", t);
    }

    @Override
    public void logDebug(String message) {
        LOG.debug(message);
    }

    @Override
    public void logDebug(String message, Exception e) {
        LOG.debug(message, e);
    }

    @Override
    public void logTrace(String message) {
        LOG.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.error(message);
    }

    @Override
    public void logError(String message) {
        LOG.warn(message);
    }

    @Override
    public void logError(String message, Exception e) {
        LOG.warn(message, e);
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isDebugEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int level) {
        return level <= TRACE_WARN ? level > TRACE_NONE && LOG.isWarnEnabled()
                : level <= TRACE_DEBUG ? LOG.isDebugEnabled() : LOG.isTraceEnabled();
    }

    @Override
    public void logWarning(String message) {
        LOG.warn(message);
    }

    @Override
    public void logInfo(String message) {
        LOG.debug(message);
    }

    @Override
    public void disableLogging() {
    }

    @Override
    public void enableLogging() {
    }

    @Override
    public void setBuildTimeStamp(String stamp) {
    }

    @Override
    public void setStackProperties(Properties properties) {
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }

    // ServerLogger

    @Override
    public void closeLogFile() {
    }

    @Override
    public void logMessage(gov.nist.javax.sip.message.SIPMessage message, String from, String to, boolean sender,
            long time) {
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} {} -> {}:\n{}", sender ? "sent" : "received", from, to, message);
        }
    }

    @Override
    public void logMessage(gov.nist.javax.sip.message.SIPMessage message, String from, String to, String status,
            boolean sender, long time) {
        logMessage(message, from, to, sender, time);
    }

    @Override
    public void logMessage(gov.nist.javax.sip.message.SIPMessage message, String from, String to, String status,
            boolean sender) {
        logMessage(message, from, to, sender, 0);
    }

    @Override
    public void logException(Exception e) {
        LOG.debug("JAIN-SIP", e);
    }

    @Override
    public void setSipStack(SipStack stack) {
    }
}
