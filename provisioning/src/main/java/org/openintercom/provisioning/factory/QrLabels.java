package org.openintercom.provisioning.factory;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.openintercom.provisioning.claim.ClaimCode;
import org.openintercom.provisioning.pki.internal.SecureFiles;

/**
 * Draws a device's claim label: the QR code of the claim code's QR payload (error correction M) with the
 * typed code and a caption under it, as a PNG or as Unicode half blocks for a terminal.
 */
public final class QrLabels {

    /** Pixels per QR module in the PNG. */
    static final int SCALE = 8;
    /** Quiet zone around the QR code, in modules (the standard asks for 4). */
    static final int QUIET_ZONE = 4;

    private QrLabels() {
    }

    /** The QR modules of {@code code}'s payload, quiet zone included ({@code true} = dark). */
    public static BitMatrix matrix(ClaimCode code) {
        try {
            return new QRCodeWriter().encode(code.qrPayload(), BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                            EncodeHintType.MARGIN, QUIET_ZONE));
        } catch (WriterException e) {
            throw new IllegalStateException("cannot encode claim code " + code.typed() + " as QR", e);
        }
    }

    /** Writes the label as a PNG: QR code, then the typed code and {@code caption} centred under it. */
    public static void png(ClaimCode code, String caption, Path out) {
        BufferedImage image = image(code, caption);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the label of " + code.deviceId(), e);
        }
        SecureFiles.write(out, bytes.toByteArray(), false);
    }

    /** The label as an image. */
    public static BufferedImage image(ClaimCode code, String caption) {
        BitMatrix m = matrix(code);
        int qr = m.getWidth() * SCALE;
        Font typedFont = new Font(Font.MONOSPACED, Font.BOLD, 18);
        Font captionFont = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics typedMetrics = pg.getFontMetrics(typedFont);
        FontMetrics captionMetrics = pg.getFontMetrics(captionFont);
        pg.dispose();
        String typed = code.typed();
        String text = caption == null ? "" : caption;
        int width = Math.max(qr, Math.max(typedMetrics.stringWidth(typed), captionMetrics.stringWidth(text))
                + 2 * QUIET_ZONE * SCALE);
        int height = qr + typedMetrics.getHeight() + captionMetrics.getHeight() + QUIET_ZONE * SCALE;

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            int left = (width - qr) / 2;
            for (int y = 0; y < m.getHeight(); y++) {
                for (int x = 0; x < m.getWidth(); x++) {
                    if (m.get(x, y)) {
                        g.fillRect(left + x * SCALE, y * SCALE, SCALE, SCALE);
                    }
                }
            }
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int y = qr + typedMetrics.getAscent();
            g.setFont(typedFont);
            g.drawString(typed, (width - typedMetrics.stringWidth(typed)) / 2, y);
            y += typedMetrics.getDescent() + captionMetrics.getAscent();
            g.setFont(captionFont);
            g.drawString(text, (width - captionMetrics.stringWidth(text)) / 2, y);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * The QR code drawn with Unicode half blocks, two module rows per line, followed by the typed code.
     * Light modules are drawn as blocks (the terminal's foreground) and dark ones as blank, so it scans on
     * the usual light-on-dark terminal; the quiet zone is drawn too.
     */
    public static String terminal(ClaimCode code) {
        BitMatrix m = matrix(code);
        StringBuilder b = new StringBuilder();
        for (int y = 0; y < m.getHeight(); y += 2) {
            for (int x = 0; x < m.getWidth(); x++) {
                boolean topLight = !m.get(x, y);
                boolean bottomLight = y + 1 < m.getHeight() && !m.get(x, y + 1);
                b.append(topLight ? (bottomLight ? '█' : '▀') : (bottomLight ? '▄' : ' '));
            }
            b.append('\n');
        }
        return b.append(code.typed()).append('\n').toString();
    }
}
