package vn.hailong.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import vn.hailong.report.SatisfactionReport.AgencyRef;
import vn.hailong.survey.Text;

import java.time.LocalDate;
import java.util.List;

/** One page of the free-text comments of api.md, newest first. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CommentsReport(
        AgencyRef agency,
        @Nullable LocalDate from,
        @Nullable LocalDate to,
        int page,
        int size,
        long total,
        List<Comment> comments) {

    /**
     * One text answer. {@code submittedAt} is an ISO instant, {@code date} the local date of the
     * response's agency and {@code timeZone} that agency's zone (IANA id); {@code rating} is the response's overall answer, else the mean of its
     * criterion answers (one decimal), else null. {@code questionText} is the question as the
     * questionnaire asks it; {@code text} has phone numbers, e-mail addresses and ID numbers masked.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Comment(String responseId, String agency, String survey, String question, Text questionText, String text,
                          String submittedAt, LocalDate date, String timeZone, @Nullable Double rating) {
    }
}
