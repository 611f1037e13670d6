package org.openintercom.cloud.calls.sip;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openintercom.agent.interop.Baresip;

/** Real baresip phones registered with a relay under test over UDP (digest), closed together. */
public final class RelayPhones implements AutoCloseable {

    private final Path dir;
    private final SipRelay relay;
    private final List<Baresip> phones = new ArrayList<>();

    public RelayPhones(Path dir, SipRelay relay) {
        this.dir = dir;
        this.relay = relay;
    }

    /** {@code user}'s phone with password {@code pw-USER-1234}, G.711 µ-law, sending a {@code toneHz} tone. */
    public Baresip register(String user, int toneHz, boolean autoAnswer) throws Exception {
        return register(user, "pw-" + user + "-1234", toneHz, autoAnswer, 600, Optional.empty(), "PCMU/8000/1");
    }

    /** A phone registered for {@code expires} seconds; returns once the relay knows its contact. */
    public Baresip register(String user, String password, int toneHz, boolean autoAnswer, int expires,
            Optional<String> mediaEncryption, String codecs) throws Exception {
        Baresip b = Baresip.start(dir.resolve(user), new Baresip.Options(Baresip.freePortPair(),
                Baresip.freePortPair(), user, codecs, toneHz, autoAnswer, mediaEncryption, Optional.empty(),
                Optional.empty(), Optional.empty())
                .registeringAt(new Baresip.Registration("127.0.0.1:" + relay.port("udp").orElseThrow()
                        + ";transport=udp", password, expires)));
        phones.add(b);
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.location().isRegistered(user));
        return b;
    }

    @Override
    public void close() {
        phones.forEach(Baresip::close);
    }
}
