package vn.hailong.dossier;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import vn.hailong.system.FieldError;
import vn.hailong.system.OffsetTimes;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One served dossier as the dossier system sends it, read from the JSON tree so that each bad
 * field is named (errors prefixed by nothing: the batch result is per item).
 */
record DossierItem(String code, String agency, @Nullable String procedureCode, @Nullable String procedureName,
                   @Nullable String field, @Nullable String counterCode, @Nullable String counterName,
                   @Nullable String officerCode, @Nullable String officerName, String channel,
                   @Nullable Instant receivedAt, @Nullable Instant dueAt, @Nullable Instant returnedAt) {

    static final int MAX_CODE = 64;
    private static final Set<String> FIELDS = Set.of("code", "agency", "procedure", "field", "counter", "officer", "channel",
            "receivedAt", "dueAt", "returnedAt");
    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z_-]{0,15}");

    /** The item, or null with {@code errors} filled. */
    static @Nullable DossierItem read(JsonNode item, Instant now, List<FieldError> errors) {
        if (item == null || !item.isObject()) {
            errors.add(new FieldError("dossier", "must be a JSON object"));
            return null;
        }
        for (Map.Entry<String, JsonNode> entry : item.entries()) {
            if (!FIELDS.contains(entry.getKey())) {
                errors.add(new FieldError(entry.getKey(), "unknown field"));
            }
        }
        String code = text(item, "code", MAX_CODE, true, errors);
        String agency = text(item, "agency", 64, true, errors);
        String[] procedure = codeAndName(item, "procedure", 500, errors);
        String field = text(item, "field", 255, false, errors);
        String[] counter = codeAndName(item, "counter", 255, errors);
        String[] officer = codeAndName(item, "officer", 255, errors);
        String channel = text(item, "channel", 16, false, errors);
        if (channel != null) {
            channel = channel.toLowerCase(Locale.ROOT);
            if (!CHANNEL.matcher(channel).matches()) {
                errors.add(new FieldError("channel", "must be a short word such as direct, online or postal"));
            }
        }
        Instant received = time(item, "receivedAt", now, errors);
        Instant due = time(item, "dueAt", null, errors);
        Instant returned = time(item, "returnedAt", now, errors);
        if (received != null && returned != null && returned.isBefore(received)) {
            errors.add(new FieldError("returnedAt", "is before receivedAt"));
        }
        if (!errors.isEmpty()) {
            return null;
        }
        return new DossierItem(code, agency, procedure[0], procedure[1], field, counter[0], counter[1], officer[0], officer[1],
                channel == null ? "" : channel, received, due, returned);
    }

    /** {"code", "name"} or a bare code string; {null, null} when absent. */
    private static String[] codeAndName(JsonNode item, String name, int maxName, List<FieldError> errors) {
        JsonNode node = item.get(name);
        if (node == null || node.isNull()) {
            return new String[] {null, null};
        }
        if (node.isString()) {
            return new String[] {text(item, name, MAX_CODE, true, errors), null};
        }
        if (!node.isObject()) {
            errors.add(new FieldError(name, "must be an object {\"code\", \"name\"} or a code"));
            return new String[] {null, null};
        }
        for (Map.Entry<String, JsonNode> entry : node.entries()) {
            if (!entry.getKey().equals("code") && !entry.getKey().equals("name")) {
                errors.add(new FieldError(name + "." + entry.getKey(), "unknown field"));
            }
        }
        List<FieldError> inner = new java.util.ArrayList<>();
        String code = text(node, "code", MAX_CODE, true, inner);
        String label = text(node, "name", maxName, false, inner);
        inner.forEach(e -> errors.add(new FieldError(name + "." + e.field(), e.message())));
        return new String[] {code, label};
    }

    private static @Nullable String text(JsonNode node, String name, int max, boolean required, List<FieldError> errors) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(name, "is required"));
            }
            return null;
        }
        if (!value.isString() || value.getStringValue().isBlank()) {
            errors.add(new FieldError(name, "must be a non-empty string"));
            return null;
        }
        String text = value.getStringValue().strip();
        if (text.length() > max) {
            errors.add(new FieldError(name, "at most " + max + " characters"));
            return null;
        }
        return text;
    }

    private static @Nullable Instant time(JsonNode node, String name, @Nullable Instant now, List<FieldError> errors) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            errors.add(new FieldError(name, "must be an ISO-8601 time with offset, like 2026-11-21T10:30:00+07:00"));
            return null;
        }
        try {
            Instant instant = OffsetTimes.parse(value.getStringValue());
            if (now != null && instant.isAfter(now.plusSeconds(300))) {
                errors.add(new FieldError(name, "is more than 5 minutes in the future"));
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an ISO-8601 time with offset, like 2026-11-21T10:30:00+07:00"));
            return null;
        }
    }
}
