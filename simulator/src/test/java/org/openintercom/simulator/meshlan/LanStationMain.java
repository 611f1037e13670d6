package org.openintercom.simulator.meshlan;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.openintercom.agent.AgentMain;
import org.openintercom.agent.StationAgent;
import org.openintercom.agent.Stations;
import org.openintercom.agent.cloud.CloudConnector;
import org.openintercom.agent.config.ConfigLoader;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.hal.emulated.EmulatedStationHardware;

/**
 * A station agent started as {@code AgentMain} starts it (the config file, {@link Stations#create}, the cloud link of
 * its {@code cloud:} section), plus a control on standard input for the LAN test, because the real main has no way to
 * press an emulated button from outside. Commands, one a line:
 * <ul>
 *   <li>{@code press BUTTON}: presses the emulated button (what a visitor or resident does);
 *   <li>{@code status TOKEN}: prints {@code status TOKEN key=value ...} ({@link StationReport});
 *   <li>{@code stop}: stops cleanly (as SIGTERM does) and exits 0.
 * </ul>
 * Prints {@code cloud <device id> <claim code>}, then {@code ready <contacts>}, then {@code event TYPE detail} for
 * each station event, on standard output; logs go to standard error.
 *
 * <p>Argument: the station's config file.
 */
public final class LanStationMain {

    private static final PrintStream OUT = System.out;

    private LanStationMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "openintercom-agent-logback.xml");
        }
        StationConfig config = ConfigLoader.load(Path.of(args[0]));
        StationAgent agent = Stations.create(config).start();
        agent.addListener(e -> print("event " + e.type() + " " + e.detail().replace('\n', ' ')));
        CloudConnector cloud = CloudConnector.start(agent, config, config.cloud().orElseThrow(), Clock.systemUTC(),
                () -> print("reboot asked for (ignored in the LAN test)"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> AgentMain.shutDown(agent, cloud), "shutdown"));
        EmulatedStationHardware hardware = (EmulatedStationHardware) agent.hardware();
        print("cloud " + cloud.deviceId() + " " + cloud.claimCode());
        print("ready " + String.join(" ", agent.contacts()));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.strip().split(" ", 2);
            switch (words[0]) {
                case "press" -> {
                    hardware.emulatedButton(words[1]).press();
                    print("pressed " + words[1]);
                }
                case "status" -> print("status " + words[1] + " " + StationReport.of(agent, cloud, hardware));
                case "stop" -> System.exit(0);
                default -> print("unknown command " + line);
            }
        }
        System.exit(0); // the test went away
    }

    private static synchronized void print(String line) {
        OUT.println(line);
        OUT.flush();
    }
}
