package org.openintercom.simulator.scenario;

/** A scenario file is invalid; the message names the station or step and what is wrong. */
public class ScenarioException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
