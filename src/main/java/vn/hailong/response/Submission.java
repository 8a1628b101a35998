package vn.hailong.response;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import vn.hailong.system.Refusal;
import vn.hailong.system.Refusal.Reason;
import vn.hailong.system.Languages;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A submission whose envelope (id, survey, agency, channel, times...) is well-formed: what
 * {@link ResponseRecorder} takes from every channel. The API reads it from JSON
 * ({@link SubmissionReader}); pages and jobs build it with {@link #of} and the same rules. The
 * answers are still raw (the values an API client would send): only the survey version can say
 * what they should be.
 *
 * <p>The id is kept in lower case, a blank dossier or rating code as none: what the content hash
 * (ADR 0001) has always been computed from.
 */
public record Submission(
        String id,
        String survey,
        @Nullable Integer surveyVersion,
        String agency,
        Channel channel,
        @Nullable String language,
        @Nullable Instant startedAt,
        @Nullable Instant submittedAt,
        @Nullable String dossier,
        Map<String, JsonNode> answers,
        @Nullable String ratingCode) {

    static final int MAX_DOSSIER = 64;
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public Submission {
        id = id.toLowerCase(Locale.ROOT);
        dossier = dossier == null || dossier.isBlank() ? null : dossier.strip();
        ratingCode = ratingCode == null || ratingCode.isBlank() ? null : ratingCode;
        answers = Collections.unmodifiableMap(new LinkedHashMap<>(answers));
    }

    /** The same submission for another agency (a rating code names its dossier's agency). */
    Submission forAgency(String agencyCode) {
        return new Submission(id, survey, surveyVersion, agencyCode, channel, language, startedAt, submittedAt, dossier, answers,
                ratingCode);
    }

    /**
     * A submission built by a page or a job rather than read from JSON: the survey (its current
     * version unless {@link Builder#version} names one), agency ("" with a rating code, which names
     * it), channel, and the raw answers by question code.
     */
    public static Builder of(String id, String survey, String agency, Channel channel, Map<String, JsonNode> answers) {
        return new Builder(id, survey, agency, channel, answers);
    }

    /** The optional parts of a submission built in code; {@link #build} checks them as the API reader does. */
    public static final class Builder {
        private final String id;
        private final String survey;
        private final String agency;
        private final Channel channel;
        private final Map<String, JsonNode> answers;
        private Integer version;
        private String language;
        private Instant startedAt;
        private Instant submittedAt;
        private String dossier;
        private String ratingCode;

        private Builder(String id, String survey, String agency, Channel channel, Map<String, JsonNode> answers) {
            this.id = id;
            this.survey = survey;
            this.agency = agency;
            this.channel = channel;
            this.answers = answers;
        }

        public Builder version(@Nullable Integer version) {
            this.version = version;
            return this;
        }

        public Builder language(@Nullable String language) {
            this.language = language;
            return this;
        }

        public Builder startedAt(@Nullable Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        public Builder submittedAt(@Nullable Instant submittedAt) {
            this.submittedAt = submittedAt;
            return this;
        }

        public Builder dossier(@Nullable String dossier) {
            this.dossier = dossier;
            return this;
        }

        public Builder ratingCode(@Nullable String ratingCode) {
            this.ratingCode = ratingCode;
            return this;
        }

        /**
         * The submission; refused (422, each field named) for what the API would refuse in the same
         * values. Times are checked against {@code clock} (the app's clock bean), as
         * {@link SubmissionReader} does.
         */
        public Submission build(Clock clock) {
            List<Reason> errors = new ArrayList<>();
            Instant now = clock.instant();
            checkId(id, errors);
            checkVersion(version, errors);
            checkLanguage(language, errors);
            checkTime("startedAt", startedAt, now, errors);
            checkTime("submittedAt", submittedAt, now, errors);
            String shownDossier = dossier == null || dossier.isBlank() ? null : dossier.strip();
            checkDossier(shownDossier, errors);
            checkOneOf(ratingCode == null || ratingCode.isBlank() ? null : ratingCode, shownDossier, errors);
            if (!errors.isEmpty()) {
                throw Refusal.invalidFields(errors);
            }
            return new Submission(id, survey, version, agency, channel, language, startedAt, submittedAt, dossier, answers, ratingCode);
        }
    }

    // The rules on the values of a submission, one each, for the JSON reader and the builder alike:
    // each adds what is wrong to errors and tells whether the value may be kept.

    static boolean checkId(String id, List<Reason> errors) {
        if (!UUID_TEXT.matcher(id).matches()) {
            errors.add(Reason.of("id", "submission.notUuid", "must be a UUID like 0b6f4c1e-5d2a-4c9e-9a51-2f0c6d1e8a77"));
            return false;
        }
        return true;
    }

    static void checkVersion(@Nullable Integer version, List<Reason> errors) {
        if (version != null && version < 1) {
            errors.add(Reason.of("surveyVersion", "submission.version", "must be a whole number of 1 or more"));
        }
    }

    static void checkLanguage(@Nullable String language, List<Reason> errors) {
        if (language != null && !Languages.isSupported(language)) {
            errors.add(Reason.of("language", "submission.language", "must be vi or en"));
        }
    }

    static boolean checkTime(String field, @Nullable Instant instant, Instant now, List<Reason> errors) {
        Reason problem = instant == null ? null : PlausibleDates.problem(field, instant, now).orElse(null);
        if (problem != null) {
            errors.add(problem);
            return false;
        }
        return true;
    }

    /** {@code dossier}: stripped, blank already taken as none. */
    static void checkDossier(@Nullable String dossier, List<Reason> errors) {
        if (dossier != null && dossier.length() > MAX_DOSSIER) {
            errors.add(Reason.of("dossier", "submission.dossierLength", "at most " + MAX_DOSSIER + " characters", MAX_DOSSIER));
        }
    }

    static void checkOneOf(@Nullable String ratingCode, @Nullable String dossier, List<Reason> errors) {
        if (ratingCode != null && dossier != null) {
            errors.add(Reason.of("ratingCode", "submission.codeAndDossier", "give either ratingCode or dossier, not both"));
        }
    }
}
