package vn.hailong.report;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The dashboard's two charts as PNG images for the report document, drawn with Java2D from the
 * very geometry the page's SVG is drawn from ({@link Charts}): same bars, whiskers, band, points
 * and labels, in the page's colours (hailong.css). Text is drawn with the bundled Noto Sans, so
 * Vietnamese labels look the same on any server.
 */
final class ChartImages {

    /** Pixels per SVG unit: 2 gives 1280 px wide images, sharp when printed 16 cm wide. */
    static final int SCALE = 2;

    private static final Color INK = new Color(0x1a1a1a);
    private static final Color MUTED = new Color(0x4a4a4a);
    private static final Color GRID = new Color(0xd9d9d9);
    private static final Color ACCENT = new Color(0x0b5394);
    private static final Color BAR = new Color(0x5b8fc7);
    private static final Color BAND = new Color(0xcfe0f3);
    private static final Color BAND_EDGE = new Color(0x8fb3da);

    static final Font REGULAR = font("/fonts/NotoSans-Regular.ttf");
    static final Font BOLD = font("/fonts/NotoSans-Bold.ttf");

    private ChartImages() {
    }

    private static Font font(String resource) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // a server draws without a display
        }
        try (InputStream in = ChartImages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("font resource missing: " + resource);
            }
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FontFormatException e) {
            throw new IllegalStateException("font resource unreadable: " + resource, e);
        }
    }

    static byte[] elements(Charts.BarChart c) {
        BufferedImage image = canvas(c.width(), c.height());
        Graphics2D g = graphics(image);
        g.setStroke(new BasicStroke(1f));
        for (Charts.Tick t : c.ticks()) {
            g.setColor(GRID);
            g.draw(new Line2D.Double(t.at(), 0, t.at(), c.axisY()));
            text(g, t.label(), t.at(), c.axisY() + 16, REGULAR, 11, MUTED, Align.MIDDLE);
        }
        for (Charts.Bar b : c.bars()) {
            text(g, b.code() + " " + b.title(), c.left(), b.y() + 12, BOLD, 12, INK, Align.START);
            Rectangle2D bar = new Rectangle2D.Double(c.left(), b.y() + 18, b.width(), 16);
            g.setColor(BAR);
            g.fill(bar);
            g.setColor(ACCENT);
            g.draw(bar);
            if (b.low() != null) {
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(2f));
                g.draw(new Line2D.Double(b.low(), b.y() + 26, b.high(), b.y() + 26));
                g.draw(new Line2D.Double(b.low(), b.y() + 20, b.low(), b.y() + 32));
                g.draw(new Line2D.Double(b.high(), b.y() + 20, b.high(), b.y() + 32));
                g.setStroke(new BasicStroke(1f));
            }
            text(g, b.value(), c.right() + 6, b.y() + 31, BOLD, 12, INK, Align.START);
        }
        return png(image, g);
    }

    static byte[] trend(Charts.TrendChart c) {
        BufferedImage image = canvas(c.width(), c.height());
        Graphics2D g = graphics(image);
        g.setStroke(new BasicStroke(1f));
        for (Charts.Tick t : c.yTicks()) {
            g.setColor(GRID);
            g.draw(new Line2D.Double(c.left(), t.at(), c.right(), t.at()));
            text(g, t.label(), c.left() - 6, t.at() + 4, REGULAR, 11, MUTED, Align.END);
        }
        for (String polygon : c.bands()) {
            Path2D.Double band = new Path2D.Double();
            String[] points = polygon.split(" ");
            for (int i = 0; i < points.length; i++) {
                String[] xy = points[i].split(",");
                double x = Double.parseDouble(xy[0]);
                double y = Double.parseDouble(xy[1]);
                if (i == 0) {
                    band.moveTo(x, y);
                } else {
                    band.lineTo(x, y);
                }
            }
            band.closePath();
            g.setColor(BAND);
            g.fill(band);
            g.setColor(BAND_EDGE);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{4f, 3f}, 0f));
            g.draw(band);
        }
        g.setStroke(new BasicStroke(2.5f));
        g.setColor(ACCENT);
        Charts.Point last = null;
        for (Charts.Point p : c.points()) {
            if (p.y() != null && last != null && last.y() != null) {
                g.draw(new Line2D.Double(last.x(), last.y(), p.x(), p.y()));
            }
            last = p;
        }
        g.setStroke(new BasicStroke(2f));
        for (Charts.Point p : c.points()) {
            if (p.y() != null) {
                Ellipse2D marker = new Ellipse2D.Double(p.x() - 4, p.y() - 4, 8, 8);
                g.setColor(p.sufficient() ? ACCENT : Color.WHITE);
                g.fill(marker);
                g.setColor(ACCENT);
                g.draw(marker);
            }
            if (p.value() != null) {
                text(g, p.value(), p.x(), p.y() - 8, REGULAR, 12, INK, Align.MIDDLE);
            }
            text(g, p.tick(), p.x(), c.bottom() + 18, REGULAR, 11, MUTED, Align.MIDDLE);
            text(g, "n=" + p.responses(), p.x(), c.bottom() + 32, REGULAR, 11, MUTED, Align.MIDDLE);
        }
        return png(image, g);
    }

    private enum Align { START, MIDDLE, END }

    private static void text(Graphics2D g, String text, double x, double y, Font font, float size, Color color, Align align) {
        g.setFont(font.deriveFont(size));
        g.setColor(color);
        double width = g.getFontMetrics().getStringBounds(text, g).getWidth();
        double left = switch (align) {
            case START -> x;
            case MIDDLE -> x - width / 2;
            case END -> x - width;
        };
        g.drawString(text, (float) left, (float) y);
    }

    private static BufferedImage canvas(int width, int height) {
        return new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_RGB);
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.scale(SCALE, SCALE);
        return g;
    }

    private static byte[] png(BufferedImage image, Graphics2D g) {
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
