package vn.hailong.response;

import io.micronaut.json.tree.JsonNode;
import vn.hailong.system.Refusal;
import vn.hailong.system.Refusal.Reason;
import vn.hailong.system.Languages;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the envelope of a submission from JSON, naming every field that is missing, of the wrong
 * type or out of range. Works on the JSON tree so that a wrong type is a field error, not a
 * parse failure.
 */
final class SubmissionReader {

    static final int MAX_DOSSIER = 64;
    private static final Set<String> FIELDS = Set.of("id", "survey", "surveyVersion", "agency", "channel", "language",
            "startedAt", "submittedAt", "dossier", "answers", "ratingCode");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private SubmissionReader() {
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
        if (id != null && !UUID_TEXT.matcher(id).matches()) {
            errors.add(Reason.of("id", "submission.notUuid", "must be a UUID like 0b6f4c1e-5d2a-4c9e-9a51-2f0c6d1e8a77"));
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
        if (language != null && !Languages.isSupported(language)) {
            errors.add(Reason.of("language", "submission.language", "must be vi or en"));
        }
        Instant now = clock.instant();
        Instant startedAt = time(body, "startedAt", now, errors);
        Instant submittedAt = time(body, "submittedAt", now, errors);
        String dossier = optionalText(body, "dossier", errors);
        if (dossier != null) {
            dossier = dossier.strip();
            if (dossier.isEmpty()) {
                dossier = null;
            } else if (dossier.length() > MAX_DOSSIER) {
                errors.add(Reason.of("dossier", "submission.dossierLength", "at most " + MAX_DOSSIER + " characters", MAX_DOSSIER));
            }
        }
        if (ratingCode != null && dossier != null) {
            errors.add(Reason.of("ratingCode", "submission.codeAndDossier", "give either ratingCode or dossier, not both"));
        }
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
        return new Submission(id.toLowerCase(java.util.Locale.ROOT), survey, version, agency, channel, language,
                startedAt, submittedAt, dossier, answers, ratingCode);
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
            Instant instant = OffsetDateTime.parse(text).toInstant();
            Reason problem = PlausibleDates.problem(field, instant, now).orElse(null);
            if (problem != null) {
                errors.add(problem);
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            errors.add(Reason.of(field, "submission.time", "must be an ISO-8601 time with offset, like 2026-11-20T09:16:41+07:00"));
            return null;
        }
    }
}
