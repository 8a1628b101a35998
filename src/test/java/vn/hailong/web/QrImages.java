package vn.hailong.web;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Reads a QR code back with ZXing's own decoder, as a phone's scanner would. */
final class QrImages {

    private QrImages() {
    }

    static BufferedImage image(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new AssertionError("not an image ImageIO can read (" + png.length + " bytes)");
            }
            return image;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String decode(byte[] png) {
        BufferedImage image = image(png);
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        // The image is exactly a generated code with its quiet zone, so it is first read as a pure
        // barcode; the finder-pattern search (with and without trying harder) stays as the fallback.
        // With the search alone some contents (the test server's random port is in the URL) were
        // seen unreadable once in CI although the image was a valid code.
        List<Map<DecodeHintType, Object>> attempts = List.of(
                Map.of(DecodeHintType.CHARACTER_SET, "UTF-8", DecodeHintType.PURE_BARCODE, Boolean.TRUE),
                Map.of(DecodeHintType.CHARACTER_SET, "UTF-8", DecodeHintType.TRY_HARDER, Boolean.TRUE),
                Map.of(DecodeHintType.CHARACTER_SET, "UTF-8"));
        Exception last = null;
        for (Map<DecodeHintType, Object> hints : attempts) {
            BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
            try {
                return new QRCodeReader().decode(bitmap, hints).getText();
            } catch (NotFoundException | ChecksumException | FormatException e) {
                last = e;
            }
        }
        throw new AssertionError("no readable QR code in the image", last);
    }
}
