package vn.hailong.dossier;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One-time rating codes (ADR 0050): 12 characters of Crockford's base32 (60 bits), printed as
 * {@code XXXX-XXXX-XXXX}, derived from the dossier with the dossier key (HMAC), so a retry of a
 * lost batch answer gets the same code without the code ever being stored: only its keyed hash is,
 * to find the dossier. Typing is forgiving: case, spaces and dashes do not matter, and the letters
 * people confuse with digits (O, I, L) read as 0 and 1.
 */
@Singleton
public class RatingCodes {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int LENGTH = 12;
    private static final String DERIVE = "rating-code";
    private static final String LOOKUP = "rating-code-lookup";

    private final DossierHasher hasher;
    private final TransactionOperations<Connection> transactions;

    RatingCodes(DossierHasher hasher, TransactionOperations<Connection> transactions) {
        this.hasher = hasher;
        this.transactions = transactions;
    }

    /**
     * A served dossier as a rating code finds it: its agency and the dimensions its rating carries.
     * A counter sent without a name goes by its code ("Q3"): that is what the counter's sign says.
     */
    public record RatedDossier(long id, long agencyId, String agencyCode, String dossierHash, long procedureId,
                               long counterId, long officerId, String channel, @Nullable String procedureName,
                               @Nullable String counterName, @Nullable String officerName,
                               @Nullable String ratedResponseId, @Nullable Instant dueAt, @Nullable Instant returnedAt) {
        public boolean used() {
            return ratedResponseId != null;
        }
    }

    /** The code of a dossier; {@code salt} is 0 unless that code was taken by another dossier. */
    String derive(String agencyCode, String dossierNumber, int salt) {
        byte[] mac = hasher.mac(DERIVE, agencyCode.toUpperCase(Locale.ROOT) + "\n"
                + dossierNumber.strip().toUpperCase(Locale.ROOT) + "\n" + salt);
        StringBuilder code = new StringBuilder(LENGTH);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (mac[i] & 0xff);
        }
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt((int) ((bits >>> (64 - 5 * (i + 1))) & 31)));
        }
        return code.toString();
    }

    /** {@code XXXX-XXXX-XXXX}, as printed on a receipt. */
    public static String grouped(String code) {
        return code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8);
    }

    /** The code as typed or scanned, in its canonical form; empty when it cannot be a rating code. */
    public static Optional<String> normalize(@Nullable String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        StringBuilder code = new StringBuilder();
        for (char c : typed.strip().toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ') {
                continue;
            }
            char read = switch (c) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> c;
            };
            if (ALPHABET.indexOf(read) < 0) {
                return Optional.empty();
            }
            code.append(read);
        }
        return code.length() == LENGTH ? Optional.of(code.toString()) : Optional.empty();
    }

    String lookupHash(String code) {
        return HexFormat.of().formatHex(hasher.mac(LOOKUP, code));
    }

    /** The dossier a (typed) code belongs to, used or not; empty when no dossier has it. */
    public Optional<RatedDossier> find(@Nullable String typed) {
        Optional<String> code = normalize(typed);
        if (code.isEmpty()) {
            return Optional.empty();
        }
        String hash = lookupHash(code.get());
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement("""
                    SELECT d.id, d.agency_id, a.code, d.code_hash, d.procedure_id, d.counter_id, d.officer_id, d.channel,
                           p.name, COALESCE(c.name, c.code), o.name, d.rated_response_id, d.due_at, d.returned_at
                    FROM served_dossier d JOIN agency a ON a.id = d.agency_id
                    LEFT JOIN dossier_procedure p ON p.id = d.procedure_id
                    LEFT JOIN dossier_counter c ON c.id = d.counter_id
                    LEFT JOIN dossier_officer o ON o.id = d.officer_id
                    WHERE d.rating_code_hash = ?""")) {
                select.setString(1, hash);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new RatedDossier(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getString(8), rs.getString(9), rs.getString(10),
                            rs.getString(11), rs.getString(12), instant(rs, 13), instant(rs, 14)));
                }
            }
        });
    }

    /** A DATETIME(6) column written in UTC ({@link IntegrationClients#utc}) as an instant. */
    private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
        java.time.LocalDateTime utc = rs.getObject(column, java.time.LocalDateTime.class);
        return utc == null ? null : utc.toInstant(java.time.ZoneOffset.UTC);
    }

    /** A response about to be stored that rates the dossier {@code dossierId}. */
    public record Use(String responseId, long dossierId) {
    }

    /**
     * Marks each dossier rated by its response, in the caller's transaction (the one that stores
     * the responses): the row lock makes one use win; returns the response ids whose code was
     * used already (by another response, committed or earlier in this group) — they must not be stored.
     */
    public Set<String> consume(Connection connection, List<Use> uses, Instant now) throws SQLException {
        Set<String> refused = new HashSet<>();
        if (uses.isEmpty()) {
            return refused;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE served_dossier SET rated_response_id = ?, rated_at = ? WHERE id = ? AND rated_response_id IS NULL")) {
            for (Use use : uses) {
                update.setString(1, use.responseId());
                update.setObject(2, IntegrationClients.utc(now));
                update.setLong(3, use.dossierId());
                if (update.executeUpdate() == 0) {
                    refused.add(use.responseId());
                }
            }
        }
        return refused;
    }

    /**
     * After the responses' rows: each keeps the dimensions of the dossier it rated (read under the
     * lock {@link #consume} took, so as the dossier is now), and the dossier's served-count row
     * counts one more rated dossier.
     */
    public void attach(Connection connection, List<Use> uses) throws SQLException {
        if (uses.isEmpty()) {
            return;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT agency_id, procedure_id, counter_id, officer_id, channel,"
                + " served_date FROM served_dossier WHERE id = ?");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO response_dossier (response_id, served_dossier_id,"
                     + " agency_id, procedure_id, counter_id, officer_id, channel) VALUES (?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement rated = connection.prepareStatement("UPDATE dossier_served_day SET rated = rated + 1"
                     + " WHERE agency_id = ? AND served_date = ? AND procedure_id = ? AND counter_id = ? AND officer_id = ? AND channel = ?")) {
            for (Use use : uses) {
                select.setLong(1, use.dossierId());
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        continue;
                    }
                    insert.setString(1, use.responseId());
                    insert.setLong(2, use.dossierId());
                    for (int i = 1; i <= 4; i++) {
                        insert.setLong(i + 2, rs.getLong(i));
                    }
                    insert.setString(7, rs.getString(5));
                    insert.addBatch();
                    LocalDate served = rs.getObject(6, LocalDate.class);
                    if (served != null) {
                        rated.setLong(1, rs.getLong(1));
                        rated.setObject(2, served);
                        rated.setLong(3, rs.getLong(2));
                        rated.setLong(4, rs.getLong(3));
                        rated.setLong(5, rs.getLong(4));
                        rated.setString(6, rs.getString(5));
                        rated.addBatch();
                    }
                }
            }
            insert.executeBatch();
            rated.executeBatch();
        }
    }
}
