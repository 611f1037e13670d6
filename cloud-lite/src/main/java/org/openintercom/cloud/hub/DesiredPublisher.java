package org.openintercom.cloud.hub;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.openintercom.cloud.calls.directory.DirectorySnapshot;
import org.openintercom.cloud.store.Device;
import org.openintercom.cloud.store.DeviceQuery;
import org.openintercom.cloud.store.DeviceState;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.cloud.store.FallbackPlanStore;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.DesiredConfiguration;
import org.openintercom.provisioning.channel.DeviceConfiguration;
import org.openintercom.provisioning.channel.FallbackPlan;
import org.openintercom.provisioning.channel.ReportedConfiguration;
import org.openintercom.provisioning.claim.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a device's desired configuration from the store, based on the newest local revision the device
 * has reported (a change made on site that the cloud has not heard of yet is never overwritten), with the mesh
 * fallback plan for its buttons computed at that moment from the call directory and the stations of its site.
 * When the directory or the stations of a site change, {@link #refreshSite} sends the same configuration again
 * to each station of the site whose plan changed (a new plan generation).
 */
public final class DesiredPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(DesiredPublisher.class);

    private final DeviceStore devices;
    private final DeviceHub hub;
    private final FallbackPlanStore plans;
    private final Supplier<DirectorySnapshot> directory;
    private final Clock clock;

    /** @param directory the call directory as it is now */
    public DesiredPublisher(DeviceStore devices, DeviceHub hub, FallbackPlanStore plans,
            Supplier<DirectorySnapshot> directory, Clock clock) {
        this.devices = devices;
        this.hub = hub;
        this.plans = plans;
        this.directory = directory;
        this.clock = clock;
    }

    /** Publishes the stored desired configuration of {@code id}, if it is enrolled and has one. */
    public void publish(DeviceId id) {
        Optional<Device> device = devices.find(id).filter(DesiredPublisher::configured);
        if (device.isPresent()) {
            Device d = device.get();
            DeviceConfiguration config = configuration(d);
            publish(d, config, plan(d, config, site(d.siteId())).plan());
        }
    }

    /**
     * Sends the desired configuration again, with its new fallback plan, to every configured station of
     * {@code siteId} whose plan is no longer the one it was sent.
     *
     * @return how many stations were sent a new plan
     */
    public int refreshSite(long siteId) {
        Site site = site(siteId);
        int sent = 0;
        for (Device d : devices.list(new DeviceQuery(null, null, siteId))) {
            sent += refresh(d, site) ? 1 : 0;
        }
        if (sent > 0) {
            LOG.info("site {}: sent new mesh fallback plans to {} stations", siteId, sent);
        }
        return sent;
    }

    /**
     * Sends the desired configuration of {@code id} again if its fallback plan is no longer the one it was sent
     * (or it was never sent one: a station that just enrolled got its configuration without a plan).
     */
    public void refresh(DeviceId id) {
        devices.find(id).filter(DesiredPublisher::configured).ifPresent(d -> refresh(d, site(d.siteId())));
    }

    private boolean refresh(Device d, Site site) {
        if (!configured(d)) {
            return false;
        }
        DeviceConfiguration config = configuration(d);
        Planned planned = plan(d, config, site);
        if (planned.changed()) {
            publish(d, config, planned.plan());
        }
        return planned.changed();
    }

    private void publish(Device d, DeviceConfiguration config, FallbackPlan plan) {
        long basedOn = reported(d).map(ReportedConfiguration::localRevision).orElse(0L);
        hub.publishDesired(d.id(), new DesiredConfiguration(d.desiredVersion(), basedOn, config, clock.instant())
                .withFallback(plan));
        LOG.debug("published desired configuration v{} with fallback plan {} to {}", d.desiredVersion(),
                plan.generation(), d.id());
    }

    private record Planned(FallbackPlan plan, boolean changed) {
    }

    private Planned plan(Device d, DeviceConfiguration config, Site site) {
        Map<String, List<FallbackPlan.Target>> buttons = FallbackPlanner.buttons(d.id(), d.siteId(), config,
                site.directory(), site.stations());
        // who may call this station over the mesh: the stations of its site whose plans ring it (a mesh call only
        // goes to a plan's target), so a new station changes the plans of its own targets only, not the whole site's
        List<String> callers = site.buttons().entrySet().stream()
                .filter(e -> !e.getKey().equals(d.id()) && rings(e.getValue(), d.id()))
                .map(e -> e.getKey().value()).sorted().limit(FallbackPlan.MAX_CALLERS).toList();
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("buttons", buttons);
        content.put("callers", callers);
        FallbackPlanStore.Generation g = plans.generationOf(d.id(), ChannelJson.encodeToString(content));
        return new Planned(new FallbackPlan(g.value(), buttons, Optional.of(callers)), g.changed());
    }

    private static boolean rings(Map<String, List<FallbackPlan.Target>> buttons, DeviceId target) {
        return buttons.values().stream().flatMap(List::stream).anyMatch(t -> t.deviceId().equals(target.value()));
    }

    /**
     * A site as the plans see it: its claimed stations with their names, the call directory, and the fallback buttons
     * of each configured station (to know who rings whom).
     */
    private record Site(Map<DeviceId, Optional<String>> stations, DirectorySnapshot directory,
            Map<DeviceId, Map<String, List<FallbackPlan.Target>>> buttons) {
    }

    private Site site(long siteId) {
        Map<DeviceId, Optional<String>> stations = stationsAt(siteId);
        DirectorySnapshot snapshot = directory.get();
        Map<DeviceId, Map<String, List<FallbackPlan.Target>>> buttons = new LinkedHashMap<>();
        for (Device d : devices.list(new DeviceQuery(null, null, siteId))) {
            // a station claimed with a configuration counts before it has enrolled: it rings its targets once up,
            // and its enrollment refreshes its own plan only
            if (d.desiredConfig() != null) {
                buttons.put(d.id(), FallbackPlanner.buttons(d.id(), siteId, configuration(d), snapshot, stations));
            }
        }
        return new Site(stations, snapshot, buttons);
    }

    /** The claimed stations of {@code siteId}, each with its name: the configured one, else the one from claiming. */
    private Map<DeviceId, Optional<String>> stationsAt(long siteId) {
        Map<DeviceId, Optional<String>> stations = new LinkedHashMap<>();
        for (Device d : devices.list(new DeviceQuery(null, null, siteId))) {
            Optional<String> configured = d.desiredConfig() == null ? Optional.empty() : configuration(d).name();
            stations.put(d.id(), configured.or(() -> Optional.ofNullable(d.name()).filter(n -> !n.isBlank())
                    .map(n -> n.length() > 64 ? n.substring(0, 64) : n)));
        }
        return stations;
    }

    private static boolean configured(Device d) {
        return d.state() == DeviceState.ACTIVE && d.desiredVersion() >= 1 && d.desiredConfig() != null
                && d.siteId() != null;
    }

    private static DeviceConfiguration configuration(Device d) {
        return ChannelJson.decode(d.desiredConfig(), DeviceConfiguration.class);
    }

    /** What the device last reported, as stored. */
    static Optional<ReportedConfiguration> reported(Device d) {
        if (d.reportedConfig() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ChannelJson.decode(d.reportedConfig(), ReportedConfiguration.class));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
