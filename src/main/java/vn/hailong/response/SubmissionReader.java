package vn.hailong.response;

import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import vn.hailong.system.OffsetTimes;
import vn.hailong.system.Refusal;
import vn.hailong.system.Refusal.Reason;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link Submission} from the API's JSON, at the edge, naming every field that is missing,
 * of the wrong type or out of range (the value rules are {@link Submission}'s, shared with the
 * pages that build one). Works on the JSON tree so that a wrong type is a field error, not a
 * parse failure. A refusal counts in the submission metrics as one the recorder makes does.
 */
@Singleton
class SubmissionReader {

    private static final Set<String> FIELDS = Set.of("id", "survey", "surveyVersion", "agency", "channel", "language",
            "startedAt", "submittedAt", "dossier", "answers", "ratingCode");

    private final SubmissionMetrics metrics;
    private final Clock clock;

    SubmissionReader(SubmissionMetrics metrics, Clock clock) {
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The submission in {@code body}; throws {@link Refusal} (422, each field named) for what is wrong. */
    Submission read(JsonNode body) {
        long started = System.nanoTime();
        try {
            return read(body, clock);
        } catch (Refusal e) {
            metrics.rejected(e, System.nanoTime() - started);
            throw e;
        }
    }

    static Submission read(JsonNode body, Clock clock) {
        List<Reason> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw Refusal.invalid("request", "submission.notObject", "must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> entry : body.entries()) {
            if (!FIELDS.contains(entry.getKey())) {
                errors.add(Reason.of(entry.getKey(), "submission.unknownField", "unknown field"));
            }
        }
        String id = requiredText(body, "id", errors);
        if (id != null && !Submission.checkId(id, errors)) {
            id = null;
        }
        String survey = requiredText(body, "survey", errors);
        Integer version = null;
        JsonNode versionNode = body.get("surveyVersion");
        if (versionNode != null && !versionNode.isNull()) {
            if (!versionNode.isNumber() || !isWhole(versionNode) || !within(versionNode, 1, Integer.MAX_VALUE)) {
                errors.add(Reason.of("surveyVersion", "submission.version", "must be a whole number of 1 or more"));
            } else {
                version = versionNode.getIntValue();
            }
        }
        // A rating code (issue 13) names its dossier, and so the agency: "agency" may then be left out.
        String ratingCode = optionalText(body, "ratingCode", errors);
        if (ratingCode != null && ratingCode.isBlank()) {
            ratingCode = null;
        }
        String agency = ratingCode != null && body.get("agency") == null ? "" : requiredText(body, "agency", errors);
        String channelWord = requiredText(body, "channel", errors);
        Channel channel = null;
        if (channelWord != null) {
            channel = Channel.fromWord(channelWord).orElse(null);
            if (channel == null) {
                errors.add(Reason.of("channel", "submission.channel", "must be one of web, phone, kiosk, paper, portal"));
            }
        }
        String language = optionalText(body, "language", errors);
        Submission.checkLanguage(language, errors);
        Instant now = clock.instant();
        Instant startedAt = time(body, "startedAt", now, errors);
        Instant submittedAt = time(body, "submittedAt", now, errors);
        String dossier = optionalText(body, "dossier", errors);
        if (dossier != null) {
            dossier = dossier.strip();
            if (dossier.isEmpty()) {
                dossier = null;
            }
            Submission.checkDossier(dossier, errors);
        }
        Submission.checkOneOf(ratingCode, dossier, errors);
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        JsonNode answersNode = body.get("answers");
        if (answersNode == null || answersNode.isNull()) {
            errors.add(Reason.of("answers", "submission.answersRequired", "is required (an object of question code → answer)"));
        } else if (!answersNode.isObject()) {
            errors.add(Reason.of("answers", "submission.answersNotObject", "must be an object of question code → answer"));
        } else {
            for (Map.Entry<String, JsonNode> entry : answersNode.entries()) {
                answers.put(entry.getKey(), entry.getValue());
            }
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalidFields(errors);
        }
        return new Submission(id, survey, version, agency, channel, language, startedAt, submittedAt, dossier, answers, ratingCode);
    }

    /**
     * Compares the exact value: {@code longValue()} of 2^64 + 1 is 1, and of a huge double is
     * Long.MAX_VALUE, so a range check on it passes numbers far outside the range.
     */
    private static boolean within(JsonNode node, long min, long max) {
        Number n = node.getNumberValue();
        if (n instanceof Double d && (d.isInfinite() || d.isNaN()) || n instanceof Float f && (f.isInfinite() || f.isNaN())) {
            return false;
        }
        java.math.BigDecimal value = new java.math.BigDecimal(n.toString());
        return value.compareTo(java.math.BigDecimal.valueOf(min)) >= 0 && value.compareTo(java.math.BigDecimal.valueOf(max)) <= 0;
    }

    private static boolean isWhole(JsonNode node) {
        Number n = node.getNumberValue();
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || (n instanceof java.math.BigInteger)
                || (n instanceof Double d && d == Math.rint(d) && !d.isInfinite())
                || (n instanceof Float f && f == Math.rint(f) && !f.isInfinite())
                || (n instanceof java.math.BigDecimal b && b.stripTrailingZeros().scale() <= 0);
    }

    private static String requiredText(JsonNode body, String field, List<Reason> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            errors.add(Reason.of(field, "submission.required", "is required"));
            return null;
        }
        if (!node.isString() || node.getStringValue().isBlank()) {
            errors.add(Reason.of(field, "submission.emptyText", "must be a non-empty string"));
            return null;
        }
        return node.getStringValue();
    }

    private static String optionalText(JsonNode body, String field, List<Reason> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            errors.add(Reason.of(field, "submission.notText", "must be a string"));
            return null;
        }
        return node.getStringValue();
    }

    private static Instant time(JsonNode body, String field, Instant now, List<Reason> errors) {
        String text = optionalText(body, field, errors);
        if (text == null) {
            return null;
        }
        try {
            Instant instant = OffsetTimes.parse(text);
            return Submission.checkTime(field, instant, now, errors) ? instant : null;
        } catch (DateTimeParseException e) {
            errors.add(Reason.of(field, "submission.time", "must be an ISO-8601 time with offset, like 2026-11-20T09:16:41+07:00"));
            return null;
        }
    }
}
