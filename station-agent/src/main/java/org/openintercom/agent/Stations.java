package org.openintercom.agent;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.openintercom.agent.config.AudioSettings;
import org.openintercom.agent.config.ConfigException;
import org.openintercom.agent.config.HardwareSettings;
import org.openintercom.agent.config.SipSettings;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.agent.media.MediaConfig;
import org.openintercom.agent.mesh.CachedCrl;
import org.openintercom.agent.mesh.MeshInterface;
import org.openintercom.agent.mesh.PeerCertificateCheck;
import org.openintercom.agent.media.RtpMediaFactory;
import org.openintercom.agent.sip.CallEngine;
import org.openintercom.agent.sip.CallEngines;
import org.openintercom.agent.sip.SipEngineConfig;
import org.openintercom.agent.sip.Registration;
import org.openintercom.agent.sip.SipIdentity;
import org.openintercom.agent.sip.SipTransport;
import org.openintercom.agent.sip.TlsMaterial;
import org.openintercom.hal.StationHardware;
import org.openintercom.hal.audio.AudioFormat;
import org.openintercom.hal.audio.AudioSink;
import org.openintercom.hal.audio.AudioSource;
import org.openintercom.hal.audio.NullSink;
import org.openintercom.hal.audio.RecordingSink;
import org.openintercom.hal.audio.SilenceSource;
import org.openintercom.hal.audio.ToneSource;
import org.openintercom.hal.audio.WavFileSink;
import org.openintercom.hal.audio.WavFileSource;
import org.openintercom.hal.camera.CommandCamera;
import org.openintercom.hal.emulated.EmulatedStationHardware;
import org.openintercom.hal.io.InputTiming;
import org.openintercom.hal.javasound.JavaSoundMicrophone;
import org.openintercom.hal.javasound.JavaSoundSpeaker;
import org.openintercom.hal.pi4j.Pi4jStationHardware;
import org.openintercom.hal.pi4j.PinMap;
import org.openintercom.provisioning.pki.KeyStores;

/**
 * Assembles a station from its config: the hardware back end (emulated or Pi4J), audio devices, the JAIN-SIP
 * call engine with RTP media, and the {@link StationAgent} over them.
 */
public final class Stations {

    private Stations() {
    }

    /** The station described by {@code config}, on the hardware its config names; not started yet. */
    public static StationAgent create(StationConfig config) {
        StationHardware hardware = config.hardware().backend() == HardwareSettings.Backend.PI4J
                ? pi4jHardware(config) : emulatedHardware(config);
        return agent(config, hardware);
    }

    /** The station's agent over the given hardware, with the JAIN-SIP call engine; not started yet. */
    public static StationAgent agent(StationConfig config, StationHardware hardware) {
        return StationAgent.builder(config).hardware(hardware).callEngine(callEngine(config, hardware, Optional.empty(),
                Optional.empty())).engineFactory((identity, current) -> callEngine(config, hardware, identity,
                        Optional.of(current)))
                .meshEngineFactory((identity, on, port) -> meshEngine(config, hardware, identity, on, port)).build();
    }

    /** Emulated hardware for the config's model, with its relay settings, input timing and audio. */
    public static EmulatedStationHardware emulatedHardware(StationConfig config) {
        AudioFormat format = config.model().audioFormat();
        EmulatedStationHardware.Builder b = EmulatedStationHardware.builder(config.model())
                .name(config.name())
                .timing(timing(config))
                .microphone(microphone(config.audio(), format))
                .speaker(speaker(config.audio(), format));
        if (!config.door().relay().isEmpty()) {
            b.relay(config.door().relay(), config.door().mode(), config.door().pulse());
        }
        return b.build();
    }

    /** Raspberry Pi hardware through Pi4J (gpiod) with the config's pin map. */
    public static StationHardware pi4jHardware(StationConfig config) {
        HardwareSettings hw = config.hardware();
        AudioFormat format = config.model().audioFormat();
        PinMap pins;
        try {
            pins = PinMap.from(hw.pins(), hw.activeLow());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("hardware.pins", e.getMessage());
        }
        Pi4jStationHardware.Builder b = Pi4jStationHardware.builder(config.model(), pins)
                .timing(timing(config))
                .relay(config.door().relay(), config.door().mode(), config.door().pulse())
                .microphone(microphone(config.audio(), format))
                .speaker(speaker(config.audio(), format));
        if (config.model().camera()) {
            b.camera(new CommandCamera());
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("hardware.pins", e.getMessage());
        }
    }

    /**
     * The JAIN-SIP engine for {@code config}; with a cloud {@code identity} it listens on TLS too (the configured
     * port, else a free one), shows the device certificate, trusts the cloud's roots, and registers with the
     * cloud's relay as the device id. Ports configured as 0 keep what {@code replacing} bound.
     */
    static CallEngine callEngine(StationConfig config, StationHardware hardware, Optional<SipIdentity> identity,
            Optional<CallEngine> replacing) {
        SipSettings sip = config.sip();
        MediaConfig media = MediaConfig.builder()
                .bindAddress(sip.bindAddress())
                .portRange(config.media().rtpPortMin(), config.media().rtpPortMax())
                .jitter(config.media().jitterTarget(), config.media().jitterMax())
                .build();
        SipEngineConfig.Builder b = SipEngineConfig.builder()
                .user(config.id())
                .displayName(config.name())
                .bindAddress(sip.bindAddress())
                .codecs(config.model().codecs())
                .userAgent(sip.userAgent())
                .media(new RtpMediaFactory(media), hardware.microphone(), hardware.speaker());
        sip.udpPort().ifPresent(p -> b.udpPort(kept(p, SipTransport.UDP, replacing)));
        sip.tcpPort().ifPresent(p -> b.tcpPort(kept(p, SipTransport.TCP, replacing)));
        sip.tlsPort().ifPresent(p -> b.tlsPort(kept(p, SipTransport.TLS, replacing)));
        if (identity.isPresent()) {
            SipIdentity id = identity.get();
            b.tlsPort(kept(sip.tlsPort().orElse(0), SipTransport.TLS, replacing));
            withDeviceCertificate(b, config, id);
            // the cloud's relay takes the place of a registrar in the station's file
            id.registrar().map(r -> Registration.of(r, id.user())).or(sip::registrar).ifPresent(b::registration);
            return CallEngines.jainSip(b.build());
        }
        sip.registrar().ifPresent(b::registration);
        sip.tls().ifPresent(tls -> {
            try {
                b.tls(TlsMaterial.pkcs12(tls.keyStore(), tls.keyStorePassword().toCharArray(), tls.trustStore(),
                        tls.trustStorePassword().toCharArray(), tls.requireClientCertificate()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("sip.tls", e.getMessage());
            }
        });
        return CallEngines.jainSip(b.build());
    }

    /**
     * The station's mesh call engine: SIP over TLS only, on the mesh interface's address {@code on} (RTP too) at
     * {@code port} (0: a free one), the device certificate of {@code id} both ways, no registration. Its user is the
     * device id, as its certificate says.
     */
    static CallEngine meshEngine(StationConfig config, StationHardware hardware, SipIdentity id, MeshInterface on,
            int port) {
        MediaConfig media = MediaConfig.builder()
                .bindAddress(on.address())
                .portRange(config.media().rtpPortMin(), config.media().rtpPortMax())
                .jitter(config.media().jitterTarget(), config.media().jitterMax())
                .build();
        SipEngineConfig.Builder b = SipEngineConfig.builder()
                .user(id.user())
                .displayName(config.name())
                .bindAddress(on.address())
                .tlsPort(port)
                .codecs(config.model().codecs())
                .userAgent(config.sip().userAgent())
                .media(new RtpMediaFactory(media), hardware.microphone(), hardware.speaker());
        withDeviceCertificate(b, config, id);
        return CallEngines.jainSip(b.build());
    }

    /**
     * TLS with the device certificate of {@code id}: shown to peers, and required of callers under the identity's trust
     * anchors and not on the revocation list the station keeps.
     */
    private static void withDeviceCertificate(SipEngineConfig.Builder b, StationConfig config, SipIdentity id) {
        char[] password = "device-identity".toCharArray();
        b.tls(TlsMaterial.of(KeyStores.pkcs12(id.key(), id.chain(), password), password,
                KeyStores.trust(id.trustAnchors()), true));
        // the handshake checked the caller's chain; the revocation list kept for the mesh is checked here
        b.callerCheck(new PeerCertificateCheck(id.trustAnchors(), CachedCrl.in(config.dataDir())::read,
                Clock.systemUTC())::revoked);
    }

    private static int kept(int configured, SipTransport transport, Optional<CallEngine> replacing) {
        return configured != 0 ? configured : replacing.flatMap(e -> e.port(transport)).orElse(0);
    }

    private static InputTiming timing(StationConfig config) {
        return InputTiming.builder().debounce(config.hardware().debounce()).longPress(config.hardware().longPress())
                .build();
    }

    /** The microphone the config's audio spec names (already validated with the config). */
    static AudioSource microphone(AudioSettings audio, AudioFormat format) {
        AudioSettings.Device device = audio.microphoneDevice();
        return switch (device.kind()) {
            case TONE -> new ToneSource(format, device.frequencyHz(), 8000);
            case WAV -> new WavFileSource(Path.of(device.argument()), format, true);
            case JAVASOUND -> new JavaSoundMicrophone(format, device.argument());
            default -> new SilenceSource(format);
        };
    }

    /** The speaker the config's audio spec names (already validated with the config). */
    static AudioSink speaker(AudioSettings audio, AudioFormat format) {
        AudioSettings.Device device = audio.speakerDevice();
        return switch (device.kind()) {
            case RECORD -> new RecordingSink(format, java.time.Duration.ofSeconds(30));
            case WAV -> new WavFileSink(Path.of(device.argument()), format);
            case JAVASOUND -> new JavaSoundSpeaker(format, device.argument());
            default -> new NullSink(format);
        };
    }
}
