/**
 * Rollouts and update policies: who gets which firmware assignment and when. A {@link
 * org.openintercom.cloud.rollout.RolloutEngine} assigns a bundle wave by wave (percentages of the targets, a soak
 * time between waves), aborts on a failure rate or count, pauses and resumes; per-device policies (all updates,
 * security-critical only, manual approval), per-site maintenance windows and a per-model current release decide
 * what each device is offered. See docs/ota.md, "Rollouts and policies".
 */
package org.openintercom.cloud.rollout;
