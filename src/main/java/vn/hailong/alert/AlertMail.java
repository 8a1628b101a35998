package vn.hailong.alert;

import io.micronaut.context.MessageSource;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import vn.hailong.account.Account;
import vn.hailong.account.AccountRegistry;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.outbox.Deliveries;
import vn.hailong.outbox.OutboxEvent;
import vn.hailong.outbox.OutboxHandler;
import vn.hailong.system.Languages;
import vn.hailong.system.Messages;

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
    private final AgencyTree agencies;
    private final AccountRegistry accounts;

    AlertMail(Cases cases, Deliveries deliveries, MessageSource messages, @Value("${hailong.public-url:}") String publicUrl,
              AgencyTree agencies, AccountRegistry accounts) {
        this.agencies = agencies;
        this.accounts = accounts;
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
        // The agency's zone from the agency feature, which owns the agency table.
        ZoneId zone = agencies.byId(alertCase.agencyId()).map(Agency::zone).orElse(ZoneId.of("Asia/Ho_Chi_Minh"));
        for (Map.Entry<String, String> reader : readers.entrySet()) {
            String language = reader.getValue();
            String kind = text("alert.kind." + alertCase.kind(), language);
            String agency = "en".equals(language) ? alertCase.agencyNameEn() : alertCase.agencyNameVi();
            agency = agency + " (" + alertCase.agencyCode() + ")";
            String subject = Messages.format(text("alert.mail.subject." + event.kind(), language), kind, agency);
            String body = Messages.format(text("alert.mail.body", language), kind, agency,
                    figures(alertCase.figures(), language), String.valueOf(alertCase.responses()),
                    WHEN.format(alertCase.deadline().atZone(zone)), text("alert.status." + alertCase.status(), language),
                    publicUrl + "/reports/alerts?case=" + alertCase.id());
            deliveries.mail(connection, event, reader.getKey(), subject, body);
        }
    }

    /**
     * Opted-in reviewers (address → language) of the agency or its ancestors; from its parent up when
     * escalating. Accounts and the agency tree come from their features (TableOwnershipTest).
     */
    private Map<String, String> subscribers(Connection connection, long agencyId, boolean fromParent) throws SQLException {
        Map<Long, Account> reviewers = accounts.enabledReviewers();
        Map<String, String> found = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT account_id, email, language FROM alert_subscription WHERE alerts = TRUE ORDER BY account_id");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Account reviewer = reviewers.get(rs.getLong(1));
                if (reviewer == null) {
                    continue;
                }
                long scope = reviewer.agencyId();
                // As the former closure join: the tree's own rows (depth 0) make an agency "within" itself.
                if ((!fromParent && scope == agencyId) || agencies.isWithin(agencyId, scope)) {
                    found.putIfAbsent(rs.getString(2).toLowerCase(java.util.Locale.ROOT), rs.getString(3));
                }
            }
        }
        return found;
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
        String measure = f.element() != null ? Messages.format(text("alert.measure.element", language), f.element())
                : f.criterion() != null ? Messages.format(text("alert.measure.criterion", language), f.criterion())
                : text("alert.measure.index", language);
        if (f.previous() == null) {
            return Messages.format(text("alert.figures.below-threshold", language), measure, IndexFigures.number(f.index()),
                    DAY.format(f.from()), DAY.format(f.to()), String.valueOf(f.n()), f.threshold().toPlainString());
        }
        return Messages.format(text("alert.figures.drop", language), measure, IndexFigures.number(f.index()),
                DAY.format(f.from()), DAY.format(f.to()), String.valueOf(f.n()), IndexFigures.number(f.previous()),
                DAY.format(f.previousFrom()), DAY.format(f.previousTo()), String.valueOf(f.previousN()),
                IndexFigures.number(f.fall()), f.drop().toPlainString());
    }

    private String text(String key, String language) {
        return messages.getRawMessage(key, MessageSource.MessageContext.of(Languages.toLocale(language))).orElse(key);
    }
}
