package org.openintercom.agent.mesh;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * What a station says about itself on the mesh (the TXT record of its DNS-SD service): who it is, what it is, the
 * fingerprint of the certificate it will show, and where it takes SIP over TLS.
 *
 * @param deviceId the station's device id (canonical, as in its certificate's CN)
 * @param displayName a name for people, 1 to {@value #MAX_NAME_BYTES} UTF-8 bytes, no control characters
 * @param model the device model, e.g. {@code ID5}
 * @param fingerprint SHA-256 of the station's device certificate (DER), 64 lower-case hex digits
 * @param version the mesh protocol version, {@value #PROTOCOL_VERSION}
 * @param sipTlsPort the port of the station's SIP over TLS listener
 */
public record MeshAnnouncement(String deviceId, String displayName, String model, String fingerprint, int version,
        int sipTlsPort) {

    /** The mesh protocol version this code speaks. */
    public static final int PROTOCOL_VERSION = 1;
    /** Longest display name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 63;

    /** TXT key of the protocol version. */
    public static final String KEY_VERSION = "v";
    /** TXT key of the device id. */
    public static final String KEY_DEVICE_ID = "id";
    /** TXT key of the display name. */
    public static final String KEY_NAME = "name";
    /** TXT key of the model. */
    public static final String KEY_MODEL = "model";
    /** TXT key of the certificate fingerprint. */
    public static final String KEY_FINGERPRINT = "fp";
    /** TXT key of the SIP over TLS port. */
    public static final String KEY_PORT = "sip";

    static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
    static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");

    /** Checks every field; an invalid one is an {@link IllegalArgumentException} naming it. */
    public MeshAnnouncement {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(fingerprint, "fingerprint");
        fingerprint = fingerprint.toLowerCase(Locale.ROOT);
        if (!DeviceId.isValid(deviceId)) {
            throw new IllegalArgumentException("device id '" + deviceId + "' is not a canonical device id");
        }
        String nameProblem = AnnouncementCodec.nameProblem(displayName);
        if (nameProblem != null) {
            throw new IllegalArgumentException("display name " + nameProblem);
        }
        if (!MODEL.matcher(model).matches()) {
            throw new IllegalArgumentException("model '" + model + "' is not 1-32 letters, digits, '.', '_' or '-'");
        }
        if (!FINGERPRINT.matcher(fingerprint).matches()) {
            throw new IllegalArgumentException("fingerprint '" + fingerprint + "' is not 64 hex digits (SHA-256)");
        }
        if (version != PROTOCOL_VERSION) {
            throw new IllegalArgumentException("mesh protocol version " + version + " is not " + PROTOCOL_VERSION);
        }
        if (sipTlsPort < 1 || sipTlsPort > 65_535) {
            throw new IllegalArgumentException("SIP TLS port " + sipTlsPort + " is not 1-65535");
        }
    }

    /** An announcement of the current protocol version. */
    public static MeshAnnouncement of(String deviceId, String displayName, String model, String fingerprint,
            int sipTlsPort) {
        return new MeshAnnouncement(deviceId, displayName, model, fingerprint, PROTOCOL_VERSION, sipTlsPort);
    }

    /** The TXT record's key/value pairs, in a fixed order (the version first). */
    public Map<String, String> toTxt() {
        Map<String, String> txt = new LinkedHashMap<>();
        txt.put(KEY_VERSION, Integer.toString(version));
        txt.put(KEY_DEVICE_ID, deviceId);
        txt.put(KEY_NAME, displayName);
        txt.put(KEY_MODEL, model);
        txt.put(KEY_FINGERPRINT, fingerprint);
        txt.put(KEY_PORT, Integer.toString(sipTlsPort));
        return txt;
    }

    /** The TXT record in wire form (length-prefixed {@code key=value} strings). */
    public byte[] toTxtBytes() {
        return AnnouncementCodec.encode(toTxt());
    }

    /** Decodes a TXT record in wire form; never throws, whatever the bytes. */
    public static AnnouncementDecoding decode(byte[] txt) {
        return AnnouncementCodec.decode(txt);
    }
}
