package vn.hailong.survey;

import io.micronaut.serde.annotation.Serdeable;

/** A piece of questionnaire wording in both languages. */
@Serdeable
public record Text(String vi, String en) {

    public String in(String language) {
        return "en".equals(language) ? en : vi;
    }
}
