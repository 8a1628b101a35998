package vn.hailong.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QrCodesTest {

    @Test
    void pngIsA600PixelCodeThatDecodesToTheText() {
        String url = "https://hailong.example.gov.vn/s/HN-01/sipas-2017?d=H01.23-261120-0042";

        byte[] png = QrCodes.png(url);

        assertThat(QrImages.image(png).getWidth()).isEqualTo(QrCodes.SIZE);
        assertThat(QrImages.decode(png)).isEqualTo(url);
        assertThat(png.length).as("a one-bit image stays small").isLessThan(10_000);
    }

    @Test
    void nonAsciiTextSurvivesTheRoundTrip() {
        assertThat(QrImages.decode(QrCodes.png("https://x.vn/s/HN/sipas-2017?d=Hồ sơ 1"))).isEqualTo("https://x.vn/s/HN/sipas-2017?d=Hồ sơ 1");
    }
}
