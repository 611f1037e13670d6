/**
 * Call routing for the cloud call relay: what happens to a call placed by a door station to a ring group or a
 * user. Pure domain logic (no SIP, no I/O): the relay describes the world through a {@link
 * org.openintercom.cloud.calls.routing.RoutingContext}, asks a {@link org.openintercom.cloud.calls.routing.CallRouter}
 * for a {@link org.openintercom.cloud.calls.routing.RoutingPlan} and executes its steps in order. The
 * configuration ({@link org.openintercom.cloud.calls.routing.RingGroup}, {@link
 * org.openintercom.cloud.calls.routing.UserProfile}) is made of JSON records with a {@code validate()} that names
 * every bad field by its path. See docs/calls.md.
 */
package org.openintercom.cloud.calls.routing;
