package vn.hailong.alert;

import io.micronaut.context.MessageSource;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.outbox.Outbox;
import vn.hailong.outbox.OutboxEvent;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.survey.SurveyVersion;
import vn.hailong.system.Languages;
import vn.hailong.system.Messages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The weekly digest: each reviewer who opted in gets, once per ISO week (from Monday 07:00 in
 * their agency's time zone), the previous week's index and n per survey with responses, and the
 * open and overdue cases of their agency and below. Figures come from {@link ReportFigures}
 * (the dashboard's). The mail goes through the outbox: the alert_digest row (one per reviewer and
 * week) and the event commit together, under a lock of the reviewer's subscription row, so of
 * several copies or repeated runs only the first queues it; delivery is then the outbox's.
 */
@Singleton
@Requires(property = "hailong.outbox.enabled", notEquals = "false")
class WeeklyDigest {

    /** The digest of a week is due from this hour of its Monday, local time. */
    static final int SEND_HOUR = 7;

    private static final Logger LOG = LoggerFactory.getLogger(WeeklyDigest.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final TransactionOperations<Connection> transactions;
    private final Subscriptions subscriptions;
    private final AgencyTree agencies;
    private final SurveyCatalog surveys;
    private final ReportFigures reports;
    private final Outbox outbox;
    private final MessageSource messages;
    private final JsonMapper json;
    private final Clock clock;
    private final String publicUrl;

    WeeklyDigest(TransactionOperations<Connection> transactions, Subscriptions subscriptions, AgencyTree agencies,
                 SurveyCatalog surveys, ReportFigures reports, Outbox outbox, MessageSource messages,
                 JsonMapper json, Clock clock, @Value("${hailong.public-url:}") String publicUrl) {
        this.transactions = transactions;
        this.subscriptions = subscriptions;
        this.agencies = agencies;
        this.surveys = surveys;
        this.reports = reports;
        this.outbox = outbox;
        this.messages = messages;
        this.json = json;
        this.clock = clock;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @Scheduled(fixedDelay = "${hailong.alerts.digest-check:1h}", initialDelay = "${hailong.alerts.first-check:1s}")
    void scheduled() {
        try {
            send();
        } catch (RuntimeException e) {
            LOG.warn("weekly digest failed: {}", e.toString());
        }
    }

    int send() {
        return send(clock.instant());
    }

    /** As of {@code now} (tests pass a fixed instant); returns how many digests this run queued. */
    int send(Instant now) {
        int queued = 0;
        for (Subscriptions.DigestReader reader : subscriptions.digestReaders()) {
            try {
                Agency agency = agencies.byId(reader.agencyId()).orElse(null);
                if (agency == null) {
                    continue;
                }
                ZonedDateTime local = now.atZone(agency.zone());
                LocalDate monday = local.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                if (local.isBefore(monday.atTime(SEND_HOUR, 0).atZone(agency.zone()))) {
                    continue;
                }
                String week = week(monday);
                if (queuedAlready(reader.accountId(), week)) {
                    continue;
                }
                Map<String, String> mail = write(reader, agency, week, monday.minusWeeks(1), monday.minusDays(1), now);
                if (queue(reader, week, mail, now)) {
                    queued++;
                }
            } catch (RuntimeException e) {
                LOG.warn("weekly digest for account {} not sent: {}", reader.accountId(), e.toString());
            }
        }
        return queued;
    }

    /** {@code 2026-W49}: the ISO week of {@code day}. */
    static String week(LocalDate day) {
        return String.format(Locale.ROOT, "%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private Map<String, String> write(Subscriptions.DigestReader reader, Agency agency, String week, LocalDate from,
                                      LocalDate to, Instant now) {
        String language = Languages.isSupported(reader.language()) ? reader.language() : Languages.DEFAULT;
        List<String> lines = new ArrayList<>();
        for (SurveyVersion survey : surveys.published()) {
            ReportFigures.Measure overall = reports.snapshot(agency, survey.code(), from, to).overall();
            if (overall.n() == 0) {
                continue;
            }
            String title = "en".equals(language) ? survey.titleEn() : survey.titleVi();
            String index = overall.index() == null ? text("alert.digest.no-index", language) : IndexFigures.number(overall.index());
            String line = Messages.format(text("alert.digest.survey", language), title, index, String.valueOf(overall.n()));
            if (overall.n() < reports.minimumSample()) {
                line += " " + Messages.format(text("alert.digest.small-sample", language), String.valueOf(reports.minimumSample()));
            }
            lines.add(line);
        }
        if (lines.isEmpty()) {
            lines.add(text("alert.digest.no-responses", language));
        }
        long[] cases = openAndOverdue(agency.id(), now);
        String agencyName = agency.name(language) + " (" + agency.code() + ")";
        String previousWeek = week(from);
        String subject = Messages.format(text("alert.digest.subject", language), previousWeek, agencyName);
        String body = Messages.format(text("alert.digest.body", language), previousWeek, agencyName, DAY.format(from),
                DAY.format(to), String.join("\n", lines), String.valueOf(cases[0]), String.valueOf(cases[1]),
                publicUrl + "/reports/alerts?agency=" + agency.code());
        return Map.of("to", reader.email(), "subject", subject, "body", body);
    }

    /** Cases not resolved in the agency's subtree, and how many of them are past their deadline. */
    private long[] openAndOverdue(long agencyId, Instant now) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement("""
                    SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.deadline < ? THEN 1 ELSE 0 END), 0)
                    FROM alert_case c JOIN agency_closure ac ON ac.descendant_id = c.agency_id
                    WHERE ac.ancestor_id = ? AND c.status <> 'resolved'""")) {
                select.setObject(1, Cases.utc(now));
                select.setLong(2, agencyId);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
        });
    }

    private boolean queuedAlready(long accountId, String week) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement(
                    "SELECT 1 FROM alert_digest WHERE account_id = ? AND week = ?")) {
                select.setLong(1, accountId);
                select.setString(2, week);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** The week's row and the outbox event in one transaction; false when another run queued it first. */
    private boolean queue(Subscriptions.DigestReader reader, String week, Map<String, String> mail, Instant now) {
        String payload;
        try {
            payload = json.writeValueAsString(mail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT digest FROM alert_subscription WHERE account_id = ? FOR UPDATE")) {
                lock.setLong(1, reader.accountId());
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        return false;
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM alert_digest WHERE account_id = ? AND week = ?")) {
                select.setLong(1, reader.accountId());
                select.setString(2, week);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO alert_digest (account_id, week, created_at) VALUES (?, ?, ?)")) {
                insert.setLong(1, reader.accountId());
                insert.setString(2, week);
                insert.setObject(3, LocalDateTime.ofInstant(now, ZoneOffset.UTC));
                insert.executeUpdate();
            }
            outbox.append(connection, List.of(new Outbox.NewEvent(OutboxEvent.DIGEST_WEEKLY, reader.agencyId(),
                    String.valueOf(reader.accountId()), payload)));
            return true;
        });
    }

    private String text(String key, String language) {
        return messages.getRawMessage(key, MessageSource.MessageContext.of(Languages.toLocale(language))).orElse(key);
    }
}
