package org.openintercom.ota;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine;

/** Helpers shared by the commands: passphrases, byte sizes and progress display. */
final class CliSupport {

    /** Environment variable with the release CA passphrase. */
    static final String CA_PASSPHRASE_ENV = "OI_RELEASE_CA_PASSPHRASE";
    /** Environment variable with the passphrase of a release-signing key. */
    static final String KEY_PASSPHRASE_ENV = "OI_RELEASE_KEY_PASSPHRASE";

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|B|KiB|MiB|GiB|K|M|G)", Pattern.CASE_INSENSITIVE);

    private CliSupport() {
    }

    /** The first line of {@code file}, else {@code env[variable]}, else null. */
    static char[] passphrase(CommandLine cl, Path file, Map<String, String> env, String variable) {
        if (file != null) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.isEmpty() || lines.get(0).isEmpty()) {
                    throw new CommandLine.ParameterException(cl, "--passphrase-file " + file + " holds no passphrase");
                }
                return lines.get(0).toCharArray();
            } catch (IOException e) {
                throw new CommandLine.ParameterException(cl, "--passphrase-file " + file + " cannot be read: "
                        + e.getMessage());
            }
        }
        String value = env.get(variable);
        return value == null || value.isEmpty() ? null : value.toCharArray();
    }

    /** Parses {@code 1MiB}, {@code 64KiB}, {@code 4096} (binary units; K, M, G mean the same). */
    static final class ByteSize implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            Matcher m = SIZE.matcher(value.trim());
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a size like 1MiB, 256KiB or 65536");
            }
            long n = Long.parseLong(m.group(1));
            long unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
                case "K", "KIB" -> 1L << 10;
                case "M", "MIB" -> 1L << 20;
                case "G", "GIB" -> 1L << 30;
                default -> 1L;
            };
            long bytes = n * unit;
            if (bytes > Integer.MAX_VALUE) {
                throw new CommandLine.TypeConversionException("'" + value + "' is too large");
            }
            return (int) bytes;
        }
    }

    /**
     * A progress display for {@code task}: a progress bar on a console, else a line on {@code err} every 10 %
     * (so logs of scripted runs stay readable).
     */
    static Progress progress(String task, PrintWriter err) {
        return System.console() != null ? new BarProgress(task) : new LineProgress(task, err);
    }

    /** A progress listener that must be closed when the work ends. */
    interface Progress extends ProgressListener, AutoCloseable {
        @Override
        void close();
    }

    /** A me.tongfei progress bar in MiB. */
    private static final class BarProgress implements Progress {
        private final String task;
        private ProgressBar bar;

        BarProgress(String task) {
            this.task = task;
        }

        @Override
        public void progressed(long done, long total) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" MiB", 1 << 20)
                        .showSpeed().build();
            }
            bar.stepTo(done);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** A textual progress line every 10 %. */
    private static final class LineProgress implements Progress {
        private final String task;
        private final PrintWriter err;
        private int lastTenth = -1;

        LineProgress(String task, PrintWriter err) {
            this.task = task;
            this.err = err;
        }

        @Override
        public void progressed(long done, long total) {
            int tenth = total == 0 ? 10 : (int) (done * 10 / total);
            if (tenth != lastTenth) {
                lastTenth = tenth;
                err.printf("%s: %d%% (%d of %d bytes)%n", task, tenth * 10, done, total);
                err.flush();
            }
        }

        @Override
        public void close() {
            err.flush();
        }
    }
}
