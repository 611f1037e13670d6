package org.openintercom.cloud.store;

/** Which claimed devices to list: any combination of company, project and site (null = any). */
public record DeviceQuery(Long companyId, Long projectId, Long siteId) {

    /** All claimed devices. */
    public static DeviceQuery all() {
        return new DeviceQuery(null, null, null);
    }
}
