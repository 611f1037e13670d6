package org.openintercom.agent.event;

/** Receives a station's events in order, on the agent's thread; must not block. */
@FunctionalInterface
public interface StationListener {

    void onEvent(StationEvent event);
}
