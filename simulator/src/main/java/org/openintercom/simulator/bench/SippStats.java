package org.openintercom.simulator.bench;

import java.util.Arrays;
import java.util.List;

/**
 * What sipp's statistics file ({@code -trace_stat -stf FILE -fd 1}: one {@code ;}-separated line per second,
 * cumulative counters marked {@code (C)}) says about a run so far.
 *
 * @param created calls created
 * @param successful calls that completed
 * @param failed calls that failed
 * @param retransmissions messages sipp retransmitted
 * @param secondsToCreate {@code expected} calls created after this many seconds of the run, or -1 if not (yet)
 */
record SippStats(long created, long successful, long failed, long retransmissions, double secondsToCreate) {

    static final SippStats NONE = new SippStats(0, 0, 0, 0, -1);

    /** Parses the file's lines (header first); {@code expected} is the number of calls the run is to create. */
    static SippStats parse(List<String> lines, long expected) {
        if (lines.size() < 2) {
            return NONE;
        }
        List<String> header = Arrays.asList(lines.get(0).split(";"));
        int created = column(header, "TotalCallCreated");
        int ok = column(header, "SuccessfulCall(C)");
        int failed = column(header, "FailedCall(C)");
        int retrans = column(header, "Retransmissions(C)");
        int elapsed = column(header, "ElapsedTime(C)");
        double secondsToCreate = -1;
        String[] last = null;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(";");
            if (f.length <= Math.max(Math.max(created, ok), Math.max(failed, Math.max(retrans, elapsed)))) {
                continue; // a line being written
            }
            last = f;
            if (secondsToCreate < 0 && Long.parseLong(f[created].strip()) >= expected) {
                secondsToCreate = seconds(f[elapsed]);
            }
        }
        if (last == null) {
            return NONE;
        }
        return new SippStats(Long.parseLong(last[created].strip()), Long.parseLong(last[ok].strip()),
                Long.parseLong(last[failed].strip()), Long.parseLong(last[retrans].strip()), secondsToCreate);
    }

    long finished() {
        return successful + failed;
    }

    private static int column(List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("sipp statistics without a " + name + " column");
        }
        return i;
    }

    /** "HH:MM:SS" or "HH:MM:SS:micros" to seconds. */
    static double seconds(String hms) {
        String[] p = hms.strip().split(":");
        double s = Integer.parseInt(p[0]) * 3600 + Integer.parseInt(p[1]) * 60 + Integer.parseInt(p[2]);
        return p.length > 3 ? s + Integer.parseInt(p[3]) / 1e6 : s;
    }
}
