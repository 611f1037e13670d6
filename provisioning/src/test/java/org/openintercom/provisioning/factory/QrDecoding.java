package org.openintercom.provisioning.factory;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/** Decodes QR codes in tests with zxing core only (RGBLuminanceSource stands in for zxing-javase). */
public final class QrDecoding {

    private QrDecoding() {
    }

    /** The text of the QR code in {@code image}. */
    public static String decode(BufferedImage image) throws Exception {
        int w = image.getWidth();
        int h = image.getHeight();
        RGBLuminanceSource source = new RGBLuminanceSource(w, h, image.getRGB(0, 0, w, h, null, 0, w));
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    }

    /**
     * The image a terminal shows for {@code text} (half-block QR lines up to the first line without blocks),
     * drawn light-on-dark like a terminal: a block is light, a blank is dark, with a dark border around.
     */
    public static BufferedImage terminalImage(String text) {
        List<String> lines = text.lines().takeWhile(l -> l.chars().anyMatch(c -> "█▀▄".indexOf(c) >= 0)).toList();
        int scale = 4;
        int border = 8;
        int cols = lines.get(0).length();
        int rows = lines.size() * 2;
        BufferedImage img = new BufferedImage((cols + 2 * border) * scale, (rows + 2 * border) * scale,
                BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rows; y++) {
            String line = lines.get(y / 2);
            for (int x = 0; x < cols; x++) {
                char c = line.charAt(x);
                boolean light = c == '█' || (y % 2 == 0 ? c == '▀' : c == '▄');
                if (light) {
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            img.setRGB((x + border) * scale + dx, (y + border) * scale + dy, 0xFFFFFF);
                        }
                    }
                }
            }
        }
        return img;
    }
}
