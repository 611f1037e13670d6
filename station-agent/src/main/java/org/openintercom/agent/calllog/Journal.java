package org.openintercom.agent.calllog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of JSON lines, each forced to disk before {@link #append} returns, so an entry that was
 * accepted survives a power cut. On reading, a torn last line (the process died while writing it) is skipped with
 * a warning; every complete line before it is kept.
 */
public final class Journal<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final Path file;
    private final Class<T> type;
    private final ObjectMapper json;
    private FileChannel channel;

    public Journal(Path file, Class<T> type) {
        this(file, type, JSON);
    }

    /** A journal whose lines {@code json} writes and reads (it must write one line per value). */
    public Journal(Path file, Class<T> type, ObjectMapper json) {
        this.file = file;
        this.type = type;
        this.json = json;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            repairTornTail();
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Appends one entry and forces it to disk. */
    public synchronized void append(T entry) {
        try {
            byte[] line = (json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every complete entry, oldest first. */
    public synchronized List<T> readAll() {
        List<T> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal " + file + ": " + e.getMessage(), e);
        }
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                entries.add(json.readValue(line, type));
            } catch (JsonProcessingException e) {
                LOG.warn("{}:{}: skipping an unreadable entry ({})", file, lineNo, e.getOriginalMessage());
            }
        }
        return entries;
    }

    /** A line without its newline is what a crash mid-write leaves: end it so the next entry starts clean. */
    private void repairTornTail() throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, ch.size() - 1);
            if (last.get(0) != '\n') {
                LOG.warn("{}: the last entry was cut off (power cut or crash while writing); it is skipped", file);
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}), ch.size());
                ch.force(false);
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {}", file, e);
        }
    }
}
