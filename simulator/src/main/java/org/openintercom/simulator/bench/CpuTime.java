package org.openintercom.simulator.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time (user + system) of this JVM and of a child process, to show where a phase spent its CPU. */
final class CpuTime {

    /** Linux reports process times in clock ticks of 1/100 s. */
    private static final double TICK_SECONDS = 0.01;

    private CpuTime() {
    }

    /** CPU seconds used by this JVM so far. */
    static double thisJvm() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** CPU seconds used by process {@code pid} so far (from /proc), NaN if unknown. */
    static double process(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is field 3, utime field 14, stime field 15
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_SECONDS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds of this JVM's child processes that have ended and been waited for (cutime + cstime in
     * /proc/self/stat): what short-lived helpers such as sipp used. NaN if unknown.
     */
    static double endedChildren() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // cutime is field 16, cstime field 17
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * TICK_SECONDS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU seconds used so far by process {@code pid} and its live children (nginx's master and workers). */
    static double tree(long pid) {
        double sum = process(pid);
        try {
            String children = Files.readString(Path.of("/proc/" + pid + "/task/" + pid + "/children")).strip();
            for (String child : children.isEmpty() ? new String[0] : children.split(" ")) {
                sum += process(Long.parseLong(child));
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return sum;
    }
}
