package vn.hailong.system;

import io.micronaut.context.i18n.ResourceBundleMessageSource;
import io.micronaut.http.HttpStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A domain refusal says what and why without HTTP; the edge gives it the problem+json the API has
 * always answered, and a page its text in the reader's language from the code, not the wording.
 */
class RefusalTest {

    private final ProblemTexts texts = new ProblemTexts(new ResourceBundleMessageSource("i18n.messages"));

    @Test
    void theApiGetsTheStatusDetailAndFieldsItAlwaysGot() {
        Problem notFound = Problems.of(Refusal.notFound("agency", "agency.none", "No agency with code 'HN-XX'.", "HN-XX"));
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.type()).isEqualTo("https://hailong.vn/problems/404");
        assertThat(notFound.detail()).isEqualTo("No agency with code 'HN-XX'.");
        assertThat(notFound.errors()).containsExactly(new FieldError("agency", "No agency with code 'HN-XX'."));

        Problem invalid = Problems.of(Refusal.invalidFields(List.of(
                Refusal.Reason.of("id", "submission.notUuid", "must be a UUID"),
                Refusal.Reason.of("channel", "submission.channel", "must be one of web, phone"))));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.detail()).isEqualTo("The request has invalid fields.");
        assertThat(invalid.errors()).extracting(FieldError::field).containsExactly("id", "channel");

        Problem forbidden = Problems.of(Refusal.forbidden("report.outOfScope", "Your account may not see reports of HN.", "HN"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.errors()).isNull();
    }

    @Test
    void everyKindHasItsStatusAndAControllersStatusKeepsItsKind() {
        assertThat(RefusalStatus.of(Refusal.malformed("request", "json.notJson", "is not valid JSON")).getCode()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
        assertThat(RefusalStatus.of(Refusal.unauthenticated("kiosk.revoked", "revoked")).getCode()).isEqualTo(HttpStatus.UNAUTHORIZED.getCode());
        assertThat(RefusalStatus.of(Refusal.conflict("id", "response.idTaken", "taken", "x")).getCode()).isEqualTo(HttpStatus.CONFLICT.getCode());
        assertThat(RefusalStatus.of(Refusal.invalid("answers", "answer.nothingRated", "nothing")).getCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY.getCode());
        Refusal limited = Refusal.limited("limit.client", "Too many", 0);
        assertThat(RefusalStatus.of(limited).getCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS.getCode());
        assertThat(limited.retryAfterSeconds()).as("Retry-After is at least a second").isEqualTo(1L);
        assertThat(RefusalStatus.of(Refusal.unavailable("server.stopping", "stopping")).getCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.getCode());

        ApiProblemException worded = ApiProblemException.conflict("code", "taken");
        assertThat(worded.kind()).isEqualTo(Refusal.Kind.CONFLICT);
        assertThat(RefusalStatus.of(worded).getCode()).isEqualTo(HttpStatus.CONFLICT.getCode());
        assertThat(RefusalStatus.of(new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, "later", List.of())).getCode())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.getCode());
    }

    @Test
    void aPageSaysTheRefusalByItsCodeInTheReadersLanguage() {
        Refusal outside = Refusal.forbidden("report.outOfScope", "Your account may not see reports of HN-HK.", "HN-HK");
        assertThat(ProblemTexts.shown(outside)).hasSize(1);
        assertThat(texts.of(ProblemTexts.shown(outside).get(0), "vi"))
                .isEqualTo("tài khoản của bạn không được xem báo cáo của cơ quan HN-HK.");
        Refusal.Reason noSurvey = Refusal.notFound("survey", "survey.none", "No survey with code 'x'.", "x").reasons().get(0);
        assertThat(texts.of(noSurvey, "vi")).isEqualTo("Phiếu khảo sát: không có phiếu khảo sát nào mang mã x.");
        assertThat(texts.of(noSurvey, "en")).isEqualTo("Survey: there is no survey with code x.");
        // A controller's own wording (no code) is still recognised by its wording.
        assertThat(texts.of(new FieldError("to", "must not be before from"), "en")).isEqualTo("To: must not be before the \"from\" date.");
    }
}
