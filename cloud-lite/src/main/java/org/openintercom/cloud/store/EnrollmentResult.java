package org.openintercom.cloud.store;

/** The outcome of enrolling a claimed device: the now active device, or why enrolment was refused. */
public record EnrollmentResult(Device device, String problem) {

    /** The device is active with its operational certificate. */
    public static EnrollmentResult enrolled(Device device) {
        return new EnrollmentResult(device, null);
    }

    /** Enrolment was refused for {@code problem}. */
    public static EnrollmentResult refused(String problem) {
        return new EnrollmentResult(null, problem);
    }

    /** Whether the device was enrolled. */
    public boolean isEnrolled() {
        return device != null;
    }
}
