package org.openintercom.agent.mesh;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.openintercom.agent.sip.CallerCheck;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.Identities;

/**
 * Lets a mesh caller ring only if its certificate names one of this station's mesh callers: the stations of its site
 * whose fallback plans ring it, as the plan the cloud sent says ({@code FallbackPlan.mayCall}). The cloud CA vouches
 * for every customer's stations, so the certificate alone does not place the caller in this building.
 */
public final class SiteCallerCheck implements CallerCheck {

    private final Predicate<String> ofSite;

    /** @param ofSite whether a device id may call this station, as the newest fallback plan says */
    public SiteCallerCheck(Predicate<String> ofSite) {
        this.ofSite = ofSite;
    }

    @Override
    public Optional<String> problem(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return Optional.of("no certificate shown");
        }
        Optional<DeviceId> id = Identities.deviceIdOf(chain.get(0));
        if (id.isEmpty()) {
            return Optional.of("the certificate names no device");
        }
        return ofSite.test(id.get().value()) ? Optional.empty()
                : Optional.of("station " + id.get().value() + " is not among this station's mesh callers (the stations "
                        + "of its site whose fallback plans ring it)");
    }
}
