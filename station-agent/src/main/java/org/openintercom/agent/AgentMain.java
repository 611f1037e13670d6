package org.openintercom.agent;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.openintercom.agent.cloud.CloudConnector;
import org.openintercom.agent.config.ConfigException;
import org.openintercom.agent.config.ConfigLoader;
import org.openintercom.agent.config.StationConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The station agent's command line: {@code station-agent --config station.yaml [--check]}. Runs until it is
 * stopped (SIGTERM / Ctrl-C), then hangs up and releases the hardware. Exit codes: 0 stopped cleanly or config
 * valid, 2 invalid configuration, 1 failed to start.
 */
@Command(name = "station-agent", mixinStandardHelpOptions = true,
        description = "Runs an intercom station: calls, door, inputs and outputs.")
public final class AgentMain implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The station config file (YAML, see docs/configuration.md).")
    Path config;

    @Option(names = "--check", description = "Only validate the config file and exit.")
    boolean check;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "openintercom-agent-logback.xml");
        }
        System.exit(new CommandLine(new AgentMain()).execute(args));
    }

    /**
     * Stops the station, then its cloud link: closing the agent hangs up a live call, and a mesh call ended so goes to
     * the offline outbox, which the cloud link owns and closes.
     */
    public static void shutDown(AutoCloseable agent, AutoCloseable cloud) {
        close(agent);
        if (cloud != null) {
            close(cloud);
        }
    }

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("stopping " + closeable + " failed: " + e);
        }
    }

    /** Exit code after a REBOOT command: the service manager (systemd Restart=always) starts the agent again. */
    public static final int REBOOT_EXIT_CODE = 75;

    @Override
    public Integer call() throws InterruptedException {
        StationConfig station;
        try {
            station = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println("invalid config " + config + ": " + e.getMessage());
            return 2;
        }
        if (check) {
            System.out.println(config + ": valid (" + station.id() + ", model " + station.model().id() + ")");
            return 0;
        }
        StationAgent agent;
        try {
            agent = Stations.create(station).start();
        } catch (RuntimeException e) {
            System.err.println("station " + station.id() + " failed to start: " + e.getMessage());
            return 1;
        }
        CloudConnector cloud = null;
        if (station.cloud().isPresent()) {
            try {
                // REBOOT from the cloud: stop cleanly and exit with 75 so the service manager starts us again
                cloud = CloudConnector.start(agent, station, station.cloud().get(), Clock.systemUTC(),
                        () -> new Thread(() -> System.exit(REBOOT_EXIT_CODE), "reboot").start());
            } catch (RuntimeException e) {
                agent.close();
                System.err.println("station " + station.id() + ": cannot use the cloud settings: " + e.getMessage());
                return 1;
            }
        }
        CloudConnector link = cloud;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutDown(agent, link);
            stopped.countDown();
        }, "shutdown"));
        if (cloud != null) {
            System.out.println("cloud " + cloud.deviceId() + " claim code " + cloud.claimCode());
        }
        System.out.println("ready " + String.join(" ", agent.contacts()));
        System.out.flush();
        stopped.await();
        return 0;
    }
}
