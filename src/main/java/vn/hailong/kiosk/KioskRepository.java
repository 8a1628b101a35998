package vn.hailong.kiosk;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface KioskRepository extends CrudRepository<Kiosk, Long> {

    Optional<Kiosk> findByTokenHash(String tokenHash);

    List<Kiosk> findAllOrderById();

    @Query("UPDATE kiosk SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
    int revoke(long id, Instant at);

    @Query("UPDATE kiosk SET last_seen_at = :at WHERE id = :id")
    int touch(long id, Instant at);

    @Query("UPDATE kiosk SET last_seen_at = :at, waiting_responses = :waiting WHERE id = :id")
    int heartbeat(long id, Instant at, int waiting);

    /** Responses waiting in the outboxes of the kiosks heard from since {@code since}. */
    @Query("SELECT COALESCE(SUM(waiting_responses), 0) FROM kiosk WHERE revoked_at IS NULL AND last_seen_at >= :since")
    long waitingSince(Instant since);

    /** Kiosks in service not heard from since {@code since} (or never, if enrolled before it). */
    @Query("""
            SELECT COUNT(*) FROM kiosk WHERE revoked_at IS NULL
            AND ((last_seen_at IS NULL AND created_at < :since) OR last_seen_at < :since)""")
    long staleSince(Instant since);
}
