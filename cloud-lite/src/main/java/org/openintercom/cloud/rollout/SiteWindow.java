package org.openintercom.cloud.rollout;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.openintercom.provisioning.channel.MaintenanceWindow;

/** A site's maintenance window in local time (days empty: every day); the zone is the site's time zone. */
public record SiteWindow(long siteId, LocalTime start, LocalTime end, Set<DayOfWeek> days) {

    public SiteWindow {
        days = days == null ? Set.of() : Set.copyOf(days);
    }

    /** The window as devices get it, in the site's zone. */
    public MaintenanceWindow in(ZoneId zone) {
        return new MaintenanceWindow(zone, start, end, days);
    }
}
