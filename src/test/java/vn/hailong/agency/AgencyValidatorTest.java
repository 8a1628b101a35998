package vn.hailong.agency;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class AgencyValidatorTest {

    private static AgencyValidator.Input input(String code, String parent, String nameVi, String nameEn, String kind,
                                               String zone, String from, String to) {
        return new AgencyValidator.Input(code, parent, nameVi, nameEn, kind, zone, from, to);
    }

    @Test
    void aValidAgencyIsStrippedUpperCasedAndGivenDefaults() {
        AgencyValidator.Result result = AgencyValidator.check(
                input(" DN-01 ", " DN ", "  Xã Một ", "  ", " commune ", null, "2026-01-01", ""), "Asia/Ho_Chi_Minh");

        assertThat(result.ok()).isTrue();
        assertThat(result.checked()).isEqualTo(new AgencyValidator.Checked("DN-01", "DN", "Xã Một", "Xã Một", "COMMUNE",
                "Asia/Ho_Chi_Minh", LocalDate.of(2026, 1, 1), null));
        assertThat(AgencyValidator.check(input("X", null, "X", null, "WARD", null, null, null), "Europe/Paris")
                .checked().timeZone()).isEqualTo("Europe/Paris");
    }

    @Test
    void everyBadFieldIsRefusedWithItsFieldReasonAndValue() {
        AgencyValidator.Result result = AgencyValidator.check(
                input("bad code!", null, " ", "x".repeat(256), "province 2", "Mars/Olympus", "2026-13-40", "next year"),
                "Asia/Ho_Chi_Minh");

        assertThat(result.ok()).isFalse();
        assertThat(result.checked()).isNull();
        assertThat(result.refusals()).extracting(AgencyRefusal::code).containsExactly("code.format", "nameVi.required",
                "nameEn.tooLong", "kind.format", "timeZone.unknown", "validFrom.date", "validTo.date");
        assertThat(result.refusals().get(4).args()).containsExactly("Mars/Olympus");
        assertThat(result.refusals().get(5).args()).containsExactly("2026-13-40");
        assertThat(result.refusals().get(5).field()).isEqualTo(AgencyField.VALID_FROM);
        assertThat(result.refusals().get(5).key()).isEqualTo("agency.invalid.validFrom.date");
    }

    @Test
    void aLastDayBeforeTheFirstAndAnAgencyAsItsOwnParentAreRefused() {
        AgencyValidator.Result result = AgencyValidator.check(
                input("DN", "DN", "Đà Nẵng", null, "PROVINCE", null, "2026-06-01", "2026-05-31"), "Asia/Ho_Chi_Minh");

        assertThat(result.refusals()).containsExactly(
                new AgencyRefusal(AgencyField.PARENT, AgencyRefusal.Reason.SELF, List.of("DN")),
                new AgencyRefusal(AgencyField.VALID_TO, AgencyRefusal.Reason.BEFORE_FROM, List.of("2026-05-31", "2026-06-01")));
        assertThat(AgencyValidator.check(input("DN", null, "Đà Nẵng", null, "PROVINCE", null, "2026-06-01", "2026-06-01"),
                "Asia/Ho_Chi_Minh").ok()).as("one day of service").isTrue();
    }

    @Test
    void aMissingCodeOrKindIsRefusedAsAFormat() {
        AgencyValidator.Result result = AgencyValidator.check(input(null, null, "Tên", null, null, null, null, null), "UTC");

        assertThat(result.refusals()).extracting(AgencyRefusal::code).containsExactly("code.format", "kind.format");
    }

    /** Every refusal the validator can give has a text in Vietnamese (also the fallback) and in English. */
    @Test
    void everyRefusalHasATextInBothLanguages() throws IOException {
        List<AgencyRefusal> all = List.of(
                AgencyRefusal.of(AgencyField.CODE, AgencyRefusal.Reason.FORMAT),
                AgencyRefusal.of(AgencyField.PARENT, AgencyRefusal.Reason.SELF),
                AgencyRefusal.of(AgencyField.NAME_VI, AgencyRefusal.Reason.REQUIRED),
                AgencyRefusal.of(AgencyField.NAME_EN, AgencyRefusal.Reason.TOO_LONG),
                AgencyRefusal.of(AgencyField.KIND, AgencyRefusal.Reason.FORMAT),
                AgencyRefusal.of(AgencyField.TIME_ZONE, AgencyRefusal.Reason.UNKNOWN_ZONE),
                AgencyRefusal.of(AgencyField.VALID_FROM, AgencyRefusal.Reason.NOT_A_DATE),
                AgencyRefusal.of(AgencyField.VALID_TO, AgencyRefusal.Reason.NOT_A_DATE),
                AgencyRefusal.of(AgencyField.VALID_TO, AgencyRefusal.Reason.BEFORE_FROM));
        for (String bundle : List.of("messages", "messages_vi", "messages_en")) {
            Properties texts = new Properties();
            try (InputStream in = getClass().getResourceAsStream("/i18n/" + bundle + ".properties")) {
                texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            for (AgencyRefusal refusal : all) {
                assertThat(texts.getProperty(refusal.key())).as(bundle + ": " + refusal.key()).isNotBlank();
            }
        }
    }
}
