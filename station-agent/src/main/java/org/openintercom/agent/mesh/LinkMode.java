package org.openintercom.agent.mesh;

/** Which way a station's calls go, as {@link CloudLinkMonitor} decides it. */
public enum LinkMode {
    /** Not claimed: there is no cloud; buttons dial what the station's own file says. */
    STANDALONE,
    /** The cloud is reachable: {@code ring} buttons ring through its call relay. */
    CLOUD,
    /** The cloud has been unreachable for a while: {@code ring} buttons ring their fallback targets over the mesh. */
    MESH
}
