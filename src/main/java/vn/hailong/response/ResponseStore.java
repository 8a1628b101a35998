package vn.hailong.response;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.dossier.RatingCodes;
import vn.hailong.flag.FlagDetector;
import vn.hailong.flag.SubmittedResponse;
import vn.hailong.outbox.Outbox;
import vn.hailong.outbox.OutboxEvent;
import vn.hailong.system.Refusal;
import vn.hailong.tally.Rollups;

import java.time.Clock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plain JDBC for the submission path: decides and stores a group of prepared responses in the
 * caller's transaction — each response row, its answers, its flags and its share of the report
 * rollups — with a fixed number of statements whatever the group's size.
 *
 * <p>Statement order matters: the submitting kiosks' rows are locked first (see
 * {@link KioskLimits#readAndLock}); the rollup rows last, so their locks are held for as short a
 * time as possible. A duplicate id or dossier committed meanwhile by another copy surfaces as an
 * SQLException from the response insert, before the rollups are touched; the caller rolls back and
 * decides again (see {@link SubmissionWriter}). The group must not hold two responses with one id
 * or one dossier, nor — while kiosk limits are on — two from one kiosk: each must see the other.
 */
@Singleton
class ResponseStore {

    private final AgencyTree agencies;
    private final KioskLimits kioskLimits;
    private final Rollups rollups;
    private final FlagDetector flags;
    private final RatingCodes ratingCodes;
    private final Outbox outbox;
    private final Clock clock;

    ResponseStore(AgencyTree agencies, KioskLimits kioskLimits, Rollups rollups, FlagDetector flags, RatingCodes ratingCodes,
                  Outbox outbox, Clock clock) {
        this.clock = clock;
        this.ratingCodes = ratingCodes;
        this.agencies = agencies;
        this.kioskLimits = kioskLimits;
        this.rollups = rollups;
        this.flags = flags;
        this.outbox = outbox;
    }

    /** What became of one response: stored now, stored before (a replay), or refused with nothing stored. */
    record Decision(@Nullable RecordOutcome outcome, @Nullable Refusal refusal) {

        static final Decision STORED = new Decision(RecordOutcome.STORED, null);
        static final Decision REPLAYED = new Decision(RecordOutcome.REPLAYED, null);

        static Decision refused(Refusal refusal) {
            return new Decision(null, refusal);
        }
    }

    /**
     * Decides every response of the group and stores those that are new, in the caller's
     * transaction; returns the decisions in the group's order. Nothing is final before the commit.
     */
    List<Decision> write(Connection connection, List<PreparedResponse> group) throws SQLException {
        Decision[] decided = new Decision[group.size()];
        StoredResponse[] rows = new StoredResponse[group.size()];
        Map<Long, KioskLimits.KioskRow> kiosks = kioskLimits.readAndLock(connection,
                group.stream().map(PreparedResponse::kioskId).filter(java.util.Objects::nonNull).toList());
        resolve(connection, group, kiosks, decided, rows);
        refuseKnown(connection, group, decided, rows);
        for (int i = 0; i < group.size(); i++) {
            if (decided[i] == null) {
                try {
                    kioskLimits.check(connection, rows[i], group.get(i).clientTimed());
                } catch (Refusal refused) {
                    decided[i] = Decision.refused(refused);
                }
            }
        }
        List<StoredResponse> fresh = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            if (decided[i] == null) {
                decided[i] = Decision.STORED;
                fresh.add(rows[i]);
            }
        }
        List<RatingCodes.Use> uses = consumeRatingCodes(connection, group, decided, rows, fresh);
        insert(connection, fresh);
        ratingCodes.attach(connection, uses);
        return List.of(decided);
    }

    /**
     * Rating codes (issue 13) are used up here, in the transaction that stores their responses:
     * a response whose code another one used first is refused with 409 and not stored.
     */
    private List<RatingCodes.Use> consumeRatingCodes(Connection connection, List<PreparedResponse> group, Decision[] decided,
                                                     StoredResponse[] rows, List<StoredResponse> fresh) throws SQLException {
        List<RatingCodes.Use> uses = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            if (decided[i] == Decision.STORED && group.get(i).ratedDossier() != null) {
                uses.add(new RatingCodes.Use(rows[i].id(), group.get(i).ratedDossier().id()));
            }
        }
        Set<String> refused = ratingCodes.consume(connection, uses, clock.instant());
        if (!refused.isEmpty()) {
            for (int i = 0; i < group.size(); i++) {
                if (decided[i] == Decision.STORED && refused.contains(rows[i].id())) {
                    decided[i] = Decision.refused(ResponseRecorder.RATING_CODE_USED.get());
                }
            }
            fresh.removeIf(row -> refused.contains(row.id()));
            uses.removeIf(use -> refused.contains(use.responseId()));
        }
        return uses;
    }

    /**
     * The agency of each response: known, in service on the day of the answer, and — for a kiosk —
     * the kiosk's own agency or one below it, the kiosk still enrolled. Makes the rows to store.
     */
    private void resolve(Connection connection, List<PreparedResponse> group, Map<Long, KioskLimits.KioskRow> kiosks,
                         Decision[] decided, StoredResponse[] rows) throws SQLException {
        Map<String, Agency> byCode = agencies.byCodes(connection, group.stream().map(p -> p.submission().agency()).toList());
        List<AgencyTree.Link> scopes = new ArrayList<>();
        for (PreparedResponse p : group) {
            Agency agency = byCode.get(p.submission().agency());
            KioskLimits.KioskRow kiosk = p.kioskId() == null ? null : kiosks.get(p.kioskId());
            if (agency != null && kiosk != null) {
                scopes.add(new AgencyTree.Link(kiosk.agencyId(), agency.id()));
            }
        }
        Set<AgencyTree.Link> within = agencies.holding(connection, scopes);
        for (int i = 0; i < group.size(); i++) {
            PreparedResponse p = group.get(i);
            Submission s = p.submission();
            Agency agency = byCode.get(s.agency());
            if (agency == null) {
                decided[i] = Decision.refused(Refusal.notFound("agency", "agency.none", "No agency with code '" + s.agency() + "'.", s.agency()));
                continue;
            }
            if (p.kioskId() != null) {
                KioskLimits.KioskRow kiosk = kiosks.get(p.kioskId());
                if (kiosk == null || kiosk.revoked()) {
                    decided[i] = Decision.refused(Refusal.unauthenticated("kiosk.revoked",
                            "This kiosk's token was revoked: enrol the kiosk again."));
                    continue;
                }
                // On every channel: a kiosk token must not post "web" answers for another agency either.
                if (!within.contains(new AgencyTree.Link(kiosk.agencyId(), agency.id()))) {
                    decided[i] = Decision.refused(Refusal.forbidden("kiosk.outOfScope",
                            "This kiosk may only submit for its own agency and those below it."));
                    continue;
                }
            }
            Instant submitted = p.submittedAt();
            // A retired agency keeps the answers given while it served (an offline kiosk may send them
            // late) but takes none dated after its last day.
            if (!agency.activeOn(submitted.atZone(agency.zone()).toLocalDate())) {
                String notServing = "'" + agency.code() + "' was not in service on the day of this answer";
                decided[i] = Decision.refused(agency.validTo() == null
                        ? Refusal.invalid("agency", "agency.notServing", notServing, agency.code())
                        : Refusal.invalid("agency", "agency.retired", notServing + " (its last day was " + agency.validTo() + ")",
                                agency.code(), agency.validTo().toString()));
                continue;
            }
            rows[i] = new StoredResponse(s.id(), p.questionnaire().code(), p.questionnaire().id(), agency.id(),
                    s.channel(), s.language(), p.kioskId(), s.startedAt(), submitted,
                    submitted.atZone(agency.zone()).toLocalDate(), agency.zone(), p.receivedAt(), p.dossierHash(),
                    p.contentHash(), p.answers());
        }
    }

    /**
     * Answers what is stored already: the same id with the same content is a replay, with other
     * content a 409; a dossier rated before in the same survey is a 409.
     */
    private void refuseKnown(Connection connection, List<PreparedResponse> group, Decision[] decided,
                             StoredResponse[] rows) throws SQLException {
        List<String> ids = new ArrayList<>();
        Map<String, List<String>> dossiersBySurvey = new LinkedHashMap<>();
        for (int i = 0; i < group.size(); i++) {
            if (decided[i] == null) {
                ids.add(rows[i].id());
                if (rows[i].dossierHash() != null) {
                    dossiersBySurvey.computeIfAbsent(rows[i].surveyCode(), c -> new ArrayList<>()).add(rows[i].dossierHash());
                }
            }
        }
        Map<String, String> storedHashes = contentHashes(connection, ids);
        Set<String> ratedDossiers = new HashSet<>();
        for (Map.Entry<String, List<String>> survey : dossiersBySurvey.entrySet()) {
            for (String hash : ratedDossiers(connection, survey.getKey(), survey.getValue())) {
                ratedDossiers.add(survey.getKey() + "\n" + hash);
            }
        }
        for (int i = 0; i < group.size(); i++) {
            if (decided[i] != null) {
                continue;
            }
            StoredResponse row = rows[i];
            String stored = storedHashes.get(row.id());
            if (stored != null) {
                decided[i] = stored.equals(row.contentHash()) ? Decision.REPLAYED : Decision.refused(
                        Refusal.conflict("id", "response.idTaken", "A different response was already stored with id " + row.id() + ".", row.id()));
            } else if (row.dossierHash() != null && ratedDossiers.contains(row.surveyCode() + "\n" + row.dossierHash())) {
                decided[i] = Decision.refused(Refusal.conflict("dossier", "dossier.rated",
                        "This dossier has already been rated in survey " + row.surveyCode() + ".", row.surveyCode()));
            }
        }
    }

    private static Map<String, String> contentHashes(Connection connection, List<String> ids) throws SQLException {
        Map<String, String> hashes = new HashMap<>();
        if (ids.isEmpty()) {
            return hashes;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, content_hash FROM response WHERE id IN (" + marks(ids.size()) + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                select.setString(i + 1, ids.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    hashes.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return hashes;
    }

    private static List<String> ratedDossiers(Connection connection, String surveyCode, List<String> hashes) throws SQLException {
        List<String> rated = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT dossier_hash FROM response WHERE survey_code = ? AND dossier_hash IN (" + marks(hashes.size()) + ")")) {
            select.setString(1, surveyCode);
            for (int i = 0; i < hashes.size(); i++) {
                select.setString(i + 2, hashes.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rated.add(rs.getString(1));
                }
            }
        }
        return rated;
    }

    /** The response rows, then their flags and answers, then their share of the rollups. */
    private void insert(Connection connection, List<StoredResponse> fresh) throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO response (id, survey_code, survey_version_id, agency_id, channel, language, kiosk_id,
                    started_at, submitted_at, submitted_date, received_at, dossier_hash, content_hash, scores)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (StoredResponse response : fresh) {
                insert.setString(1, response.id());
                insert.setString(2, response.surveyCode());
                insert.setLong(3, response.surveyVersionId());
                insert.setLong(4, response.agencyId());
                insert.setString(5, response.channel().word());
                insert.setString(6, response.language());
                if (response.kioskId() == null) {
                    insert.setNull(7, Types.BIGINT);
                } else {
                    insert.setLong(7, response.kioskId());
                }
                insert.setObject(8, utc(response.startedAt()));
                insert.setObject(9, utc(response.submittedAt()));
                insert.setObject(10, response.submittedDate());
                insert.setObject(11, utc(response.receivedAt()));
                insert.setString(12, response.dossierHash());
                insert.setString(13, response.contentHash());
                insert.setString(14, response.answers().scores());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        // Alerts and webhooks start from here (issue 14): one outbox row per response, in this
        // transaction; rules are evaluated later by the outbox dispatcher, off the request's path.
        outbox.append(connection, fresh.stream().map(response -> new Outbox.NewEvent(
                OutboxEvent.RESPONSE_STORED, response.agencyId(), response.id(), null)).toList());
        // Suspicious-pattern flags commit (or roll back) with the responses themselves; each check
        // sees the rows inserted beside it.
        List<SubmittedResponse> inspected = new ArrayList<>(fresh.size());
        for (StoredResponse response : fresh) {
            inspected.add(new SubmittedResponse(response.id(), response.surveyCode(), response.agencyId(),
                    response.channel().word(), response.kioskId(), response.submittedAt(), response.agencyZone(),
                    response.answers().scores()));
        }
        List<FlagDetector.Flag> raised = flags.inspect(connection, inspected);
        flags.raise(connection, raised);
        try (PreparedStatement answer = connection.prepareStatement(
                "INSERT INTO answer (response_id, question_code, ordinal, value_int, value_text) VALUES (?, ?, ?, ?, ?)")) {
            int rowsAdded = 0;
            for (StoredResponse response : fresh) {
                for (CheckedAnswers.Row row : response.answers().rows()) {
                    answer.setString(1, response.id());
                    answer.setString(2, row.questionCode());
                    answer.setInt(3, row.ordinal());
                    if (row.valueInt() == null) {
                        answer.setNull(4, Types.INTEGER);
                    } else {
                        answer.setInt(4, row.valueInt());
                    }
                    answer.setString(5, row.valueText());
                    answer.addBatch();
                    rowsAdded++;
                }
            }
            if (rowsAdded > 0) {
                answer.executeBatch();
            }
        }
        List<Rollups.Addition> additions = new ArrayList<>(fresh.size());
        for (StoredResponse response : fresh) {
            Map<String, List<String>> choices = new HashMap<>();
            for (CheckedAnswers.Row row : response.answers().rows()) {
                if (row.valueText() != null) {
                    choices.computeIfAbsent(row.questionCode(), c -> new ArrayList<>()).add(row.valueText());
                }
            }
            additions.add(new Rollups.Addition(response.surveyCode(), response.surveyVersionId(), response.agencyId(),
                    response.submittedDate(), response.answers().scores(), choices));
        }
        rollups.addAll(connection, additions);
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static LocalDateTime utc(@Nullable Instant instant) {
        // DATETIME columns hold UTC wall-clock time; a LocalDateTime is written as is, whatever the JVM zone.
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
