package org.openintercom.simulator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The whole machine's CPU use from {@code /proc/stat} and its load average, to say how loaded a run's machine was. */
record MachineCpu(long busyTicks, long totalTicks) {

    /** Now, or zeros when {@code /proc/stat} cannot be read. */
    static MachineCpu now() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = line.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new MachineCpu(total - idle, total);
        } catch (IOException | RuntimeException e) {
            return new MachineCpu(0, 0);
        }
    }

    /** CPU seconds the machine was busy (all cores) from {@code earlier} until this snapshot, in ticks of 1/100 s. */
    double busySecondsSince(MachineCpu earlier) {
        return (busyTicks - earlier.busyTicks) / 100.0;
    }

    /** The 1-minute load average, e.g. "0.42", or "?" if unknown. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
