package org.openintercom.hal.emulated;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javax.imageio.ImageIO;
import org.openintercom.hal.HardwareException;
import org.openintercom.hal.camera.Camera;
import org.openintercom.hal.camera.Snapshot;

/**
 * A camera that draws its picture: a real JPEG (640x480 by default) showing the station's name and the time it
 * was taken, so snapshots of emulated stations can be told apart and checked.
 */
public final class EmulatedCamera implements Camera {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String stationName;
    private final Clock clock;
    private final int width;
    private final int height;

    public EmulatedCamera(String stationName, Clock clock) {
        this(stationName, clock, 640, 480);
    }

    public EmulatedCamera(String stationName, Clock clock, int width, int height) {
        this.stationName = stationName;
        this.clock = clock;
        this.width = width;
        this.height = height;
    }

    @Override
    public Snapshot snapshot() {
        Instant now = clock.instant();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(40, 60, 90), 0, height, new Color(10, 15, 25)));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(200, 200, 200));
            g.setStroke(new BasicStroke(4));
            int cx = width / 2;
            int cy = height / 2;
            g.drawOval(cx - 60, cy - 110, 120, 120);
            g.drawArc(cx - 110, cy + 20, 220, 200, 0, 180);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(14, height / 16)));
            g.drawString(stationName, 20, height / 10);
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, Math.max(12, height / 24)));
            g.drawString(TIME.format(now.atZone(ZoneId.systemDefault())), 20, height - 20);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpeg", jpeg)) {
                throw new HardwareException("no JPEG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new HardwareException("emulated camera of " + stationName + ": " + e.getMessage(), e);
        }
        return new Snapshot(jpeg.toByteArray(), width, height, now);
    }

    @Override
    public void close() {
    }
}
