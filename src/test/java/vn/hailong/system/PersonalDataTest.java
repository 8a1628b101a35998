package vn.hailong.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12 item 6: personal data typed into comments is masked, everything else stays. */
class PersonalDataTest {

    @Test
    void mobileNumbersInEveryUsualForm() {
        assertThat(PersonalData.mask("Gọi tôi 0912345678 nhé")).isEqualTo("Gọi tôi ********** nhé");
        assertThat(PersonalData.mask("SĐT: 0912 345 678.")).isEqualTo("SĐT: **** *** ***.");
        assertThat(PersonalData.mask("sđt 0912.345.678")).isEqualTo("sđt ****.***.***");
        assertThat(PersonalData.mask("zalo 098-765-4321")).isEqualTo("zalo ***-***-****");
        assertThat(PersonalData.mask("liên hệ +84 912 345 678")).isEqualTo("liên hệ +** *** *** ***");
        assertThat(PersonalData.mask("liên hệ +84912345678")).isEqualTo("liên hệ +***********");
        assertThat(PersonalData.mask("số 84912345678")).isEqualTo("số ***********");
    }

    @Test
    void landlineNumbers() {
        assertThat(PersonalData.mask("Điện thoại bàn 024 3823 4567")).isEqualTo("Điện thoại bàn *** **** ****");
        assertThat(PersonalData.mask("028.3829.5555")).isEqualTo("***.****.****");
    }

    @Test
    void emailAddresses() {
        assertThat(PersonalData.mask("Email: nguyen.van.an@gmail.com, cảm ơn"))
                .isEqualTo("Email: ***@***, cảm ơn");
        assertThat(PersonalData.mask("gửi về an_tran+hs@ubnd.hanoi.gov.vn")).isEqualTo("gửi về ***@***");
    }

    @Test
    void identityNumbersOfNineAndTwelveDigits() {
        assertThat(PersonalData.mask("CMND 012345678 của tôi")).isEqualTo("CMND ********* của tôi");
        assertThat(PersonalData.mask("CCCD: 001203004567")).isEqualTo("CCCD: ************");
        assertThat(PersonalData.mask("năm 2024 001203004567")).isEqualTo("năm 2024 ************");
        assertThat(PersonalData.mask("sdt0912345678")).isEqualTo("sdt**********");
    }

    @Test
    void severalNumbersInOneSentence() {
        assertThat(PersonalData.mask("0912345678 hoặc 0987 654 321"))
                .isEqualTo("********** hoặc **** *** ***");
    }

    @Test
    void amountsDatesCountsAndCodesStay() {
        String text = "Nộp 100.000.000 đồng ngày 2026-03-01 lúc 9.30, chờ 45 phút, hồ sơ 1.004227, mã HN-01, 3 lần";
        assertThat(PersonalData.mask(text)).isEqualTo(text);
        assertThat(PersonalData.mask("Phí 1.500.000 đ, 10 ngày")).isEqualTo("Phí 1.500.000 đ, 10 ngày");
        assertThat(PersonalData.mask("mã 12345678901234")).isEqualTo("mã 12345678901234"); // 14 digits: no ID of ours
        assertThat(PersonalData.mask("")).isEmpty();
    }
}
