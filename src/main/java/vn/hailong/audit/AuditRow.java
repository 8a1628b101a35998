package vn.hailong.audit;

import io.micronaut.core.annotation.Nullable;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.ZoneId;

/** A stored audit_log row; {@code at} is UTC wall-clock time as the DATETIME(6) column holds it. */
public record AuditRow(long seq, LocalDateTime at, String actor, @Nullable String actorRole, @Nullable Long actorAgencyId,
                       String action, @Nullable String target, @Nullable String details, String prevHash, String hash) {

    static final String COLUMNS = "seq, at, actor, actor_role, actor_agency_id, action, target, details, prev_hash, hash";

    static AuditRow read(ResultSet rs) throws SQLException {
        long agency = rs.getLong(5);
        Long agencyId = rs.wasNull() ? null : agency;
        return new AuditRow(rs.getLong(1), rs.getObject(2, LocalDateTime.class), rs.getString(3), rs.getString(4), agencyId,
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
    }

    public ZonedDateTime atIn(ZoneId zone) {
        return at.atZone(ZoneOffset.UTC).withZoneSameInstant(zone);
    }
}
