package vn.hailong.alert;

import io.micronaut.context.MessageSource;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import vn.hailong.outbox.Deliveries;
import vn.hailong.outbox.OutboxEvent;
import vn.hailong.outbox.OutboxHandler;
import vn.hailong.system.Languages;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Queues the e-mails of a case event, each in its reader's language: to the rule's recipients
 * (Vietnamese) and to the reviewers who asked for alert e-mail — of the case's agency or one above
 * it, or, for an escalation, of the parent agency and above.
 */
@Singleton
class AlertMail implements OutboxHandler {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final Cases cases;
    private final Deliveries deliveries;
    private final MessageSource messages;
    private final String publicUrl;

    AlertMail(Cases cases, Deliveries deliveries, MessageSource messages, @Value("${hailong.public-url:}") String publicUrl) {
        this.cases = cases;
        this.deliveries = deliveries;
        this.messages = messages;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @Override
    public void handle(Connection connection, OutboxEvent event) throws SQLException {
        if (!event.kind().startsWith("alert.")) {
            return;
        }
        Optional<AlertCase> found = cases.find(connection, Long.parseLong(event.subject()));
        if (found.isEmpty()) {
            return;
        }
        AlertCase alertCase = found.get();
        Optional<AlertRule> rule = AlertRules.byId(connection, alertCase.ruleId());
        Map<String, String> readers = new LinkedHashMap<>();
        rule.ifPresent(r -> r.recipients().forEach(address -> readers.putIfAbsent(address.toLowerCase(java.util.Locale.ROOT), "vi")));
        boolean escalation = OutboxEvent.ALERT_ESCALATED.equals(event.kind());
        readers.putAll(subscribers(connection, alertCase.agencyId(), escalation));
        ZoneId zone = zone(connection, alertCase.agencyId());
        for (Map.Entry<String, String> reader : readers.entrySet()) {
            String language = reader.getValue();
            String kind = text("alert.kind." + alertCase.kind(), language);
            String agency = "en".equals(language) ? alertCase.agencyNameEn() : alertCase.agencyNameVi();
            agency = agency + " (" + alertCase.agencyCode() + ")";
            String subject = format(text("alert.mail.subject." + event.kind(), language), kind, agency);
            String body = format(text("alert.mail.body", language), kind, agency,
                    figures(alertCase.figures(), language), String.valueOf(alertCase.responses()),
                    WHEN.format(alertCase.deadline().atZone(zone)), text("alert.status." + alertCase.status(), language),
                    publicUrl + "/reports/alerts?case=" + alertCase.id());
            deliveries.mail(connection, event, reader.getKey(), subject, body);
        }
    }

    /** Opted-in reviewers (address → language) of the agency or its ancestors; from its parent up when escalating. */
    private static Map<String, String> subscribers(Connection connection, long agencyId, boolean fromParent) throws SQLException {
        Map<String, String> found = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT s.email, s.language FROM alert_subscription s JOIN account u ON u.id = s.account_id
                WHERE s.alerts = TRUE AND u.enabled = TRUE AND u.role = 'REVIEWER'
                  AND ((? = FALSE AND u.agency_id = ?)
                       OR EXISTS (SELECT 1 FROM agency_closure c WHERE c.ancestor_id = u.agency_id AND c.descendant_id = ?))
                ORDER BY s.account_id""")) {
            select.setBoolean(1, fromParent);
            select.setLong(2, agencyId);
            select.setLong(3, agencyId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.putIfAbsent(rs.getString(1).toLowerCase(java.util.Locale.ROOT), rs.getString(2));
                }
            }
        }
        return found;
    }

    private static ZoneId zone(Connection connection, long agencyId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT time_zone FROM agency WHERE id = ?")) {
            select.setLong(1, agencyId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? ZoneId.of(rs.getString(1)) : ZoneId.of("Asia/Ho_Chi_Minh");
            }
        }
    }

    /**
     * A scheduled rule's figures in the reader's words (index, sample, window, threshold or fall);
     * a per-response rule's (the answers that matched) as they are.
     */
    String figures(String stored, String language) {
        if (stored == null) {
            return "—";
        }
        Optional<IndexFigures> parsed = IndexFigures.parse(stored);
        if (parsed.isEmpty()) {
            return stored;
        }
        IndexFigures f = parsed.get();
        String measure = f.element() != null ? format(text("alert.measure.element", language), f.element())
                : f.criterion() != null ? format(text("alert.measure.criterion", language), f.criterion())
                : text("alert.measure.index", language);
        if (f.previous() == null) {
            return format(text("alert.figures.below-threshold", language), measure, IndexFigures.number(f.index()),
                    DAY.format(f.from()), DAY.format(f.to()), String.valueOf(f.n()), f.threshold().toPlainString());
        }
        return format(text("alert.figures.drop", language), measure, IndexFigures.number(f.index()),
                DAY.format(f.from()), DAY.format(f.to()), String.valueOf(f.n()), IndexFigures.number(f.previous()),
                DAY.format(f.previousFrom()), DAY.format(f.previousTo()), String.valueOf(f.previousN()),
                IndexFigures.number(f.fall()), f.drop().toPlainString());
    }

    private String text(String key, String language) {
        return messages.getRawMessage(key, MessageSource.MessageContext.of(Languages.toLocale(language))).orElse(key);
    }

    /**
     * {0}, {1}… replaced in one pass, literally: MessageFormat would eat apostrophes, and replacing one
     * placeholder after another would expand a "{6}" typed by a citizen into the comment.
     */
    static String format(String template, String... values) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\d+)}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int i = Integer.parseInt(m.group(1));
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(i < values.length ? values[i] : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
