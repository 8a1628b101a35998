package vn.hailong.audit;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.hailong.support.DatabaseTest;
import vn.hailong.support.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log's hash chain against the real database: every kind of tampering done directly in
 * SQL (as someone with database access but without the key would) is found, at the right row.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditChainIT implements DatabaseTest {

    @Inject
    AuditLog audit;

    @Inject
    AuditVerifier verifier;

    @BeforeEach
    void emptyChain() {
        // Start each test from an empty chain (the app's own start-up rows included), then 6 rows.
        sql("DELETE FROM audit_log", "UPDATE audit_chain_head SET last_seq = 0, last_hash = '" + "0".repeat(64) + "' WHERE id = 1");
        Actor admin = new Actor("admin", "ADMIN", null);
        Actor reviewer = new Actor("reviewer.hn", "REVIEWER", 7L);
        audit.record(admin, AuditActions.AGENCY_CREATE, "agency:HN", "name=Hà Nội");
        audit.record(reviewer, AuditActions.LOGIN, "account:reviewer.hn", "via page");
        audit.record(reviewer, AuditActions.EXPORT_CSV, "report:HN", "survey=sipas-2017 from=2026-01-01");
        audit.record(Actor.attempted("mallory"), AuditActions.LOGIN_FAILED, "account:mallory", "unknown-user via api");
        audit.record(admin, AuditActions.FLAG_CONFIRM, "flag:1", "burst");
        audit.record(admin, AuditActions.KIOSK_REVOKE, "kiosk:3", null);
    }

    @Test
    void untouchedChainIsIntact() {
        ChainCheck check = verifier.verify();

        assertThat(check.intact()).isTrue();
        assertThat(check.rowsChecked()).isEqualTo(6);
        assertThat(check.headSeq()).isEqualTo(6);
        assertThat(check.firstBrokenSeq()).isNull();
        assertThat(Rows.text("SELECT prev_hash FROM audit_log WHERE seq = 1")).isEqualTo("0".repeat(64));
        assertThat(Rows.text("SELECT prev_hash FROM audit_log WHERE seq = 4"))
                .isEqualTo(Rows.text("SELECT hash FROM audit_log WHERE seq = 3"));
    }

    @Test
    void rowWhoseDetailsWereEditedIsReported() {
        sql("UPDATE audit_log SET details = 'survey=sipas-2017 from=2025-01-01' WHERE seq = 3");

        assertThat(verifier.verify()).extracting(ChainCheck::intact, ChainCheck::firstBrokenSeq, ChainCheck::problem)
                .containsExactly(false, 3L, "changed");
    }

    @Test
    void rowWhoseActorWasEditedIsReported() {
        sql("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5");

        assertThat(verifier.verify()).extracting(ChainCheck::firstBrokenSeq, ChainCheck::problem).containsExactly(5L, "changed");
    }

    @Test
    void editWithARecomputedPlainHashIsStillReported() {
        // Without the key an attacker can only guess the hash: plain SHA-256 of the row is not it.
        sql("UPDATE audit_log SET details = 'nothing', hash = SHA2(CONCAT(seq, details, prev_hash), 256) WHERE seq = 2");

        assertThat(verifier.verify()).extracting(ChainCheck::firstBrokenSeq, ChainCheck::problem).containsExactly(2L, "changed");
    }

    @Test
    void deletedRowIsReported() {
        sql("DELETE FROM audit_log WHERE seq = 4");

        assertThat(verifier.verify()).extracting(ChainCheck::intact, ChainCheck::firstBrokenSeq, ChainCheck::problem)
                .containsExactly(false, 4L, "missing");
    }

    @Test
    void deletedRowWithTheLaterOnesRenumberedIsReported() {
        // Closing the gap: the row after the deleted one no longer points at its predecessor.
        sql("DELETE FROM audit_log WHERE seq = 2",
                "UPDATE audit_log SET seq = seq - 1 WHERE seq > 2 ORDER BY seq",
                "UPDATE audit_chain_head SET last_seq = 5 WHERE id = 1");

        assertThat(verifier.verify()).extracting(ChainCheck::firstBrokenSeq, ChainCheck::problem).containsExactly(2L, "relinked");
    }

    @Test
    void rowsCutOffTheEndAreReported() {
        sql("DELETE FROM audit_log WHERE seq >= 5");

        assertThat(verifier.verify()).extracting(ChainCheck::firstBrokenSeq, ChainCheck::problem).containsExactly(5L, "truncated");
    }

    @Test
    void swappedRowsAreReported() {
        sql("UPDATE audit_log SET seq = 100 WHERE seq = 2",
                "UPDATE audit_log SET seq = 2 WHERE seq = 3",
                "UPDATE audit_log SET seq = 3 WHERE seq = 100");

        ChainCheck check = verifier.verify();
        assertThat(check.intact()).isFalse();
        assertThat(check.firstBrokenSeq()).isEqualTo(2L);
    }

    @Test
    void rowInsertedInTheMiddleIsReported() {
        // Make room at seq 3 and copy a genuine row (with its genuine hash) into the gap.
        sql("UPDATE audit_log SET seq = seq + 1 WHERE seq >= 3 ORDER BY seq DESC",
                "INSERT INTO audit_log (seq, at, actor, actor_role, actor_agency_id, action, target, details, prev_hash, hash) "
                        + "SELECT 3, at, actor, actor_role, actor_agency_id, action, target, details, "
                        + "(SELECT hash FROM audit_log x WHERE x.seq = 2), hash FROM audit_log WHERE seq = 2",
                "UPDATE audit_chain_head SET last_seq = 7 WHERE id = 1");

        assertThat(verifier.verify()).extracting(ChainCheck::intact, ChainCheck::firstBrokenSeq, ChainCheck::problem)
                .containsExactly(false, 3L, "changed");
    }

    @Test
    void rowAddedAfterTheHeadIsReported() {
        sql("INSERT INTO audit_log (seq, at, actor, action, prev_hash, hash) "
                + "SELECT 7, at, 'admin', 'agency.create', hash, hash FROM audit_log WHERE seq = 6");

        assertThat(verifier.verify()).extracting(ChainCheck::firstBrokenSeq, ChainCheck::problem).containsExactly(7L, "beyond-head");
    }

    @Test
    void concurrentAppendsFormOneLinearChain() throws Exception {
        int threads = 8;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    audit.record(new Actor("worker-" + thread, "ADMIN", null), "test.append", "item:" + i, null);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        long rows = 6 + threads * each;
        ChainCheck check = verifier.verify();
        assertThat(check.intact()).as("%s", check).isTrue();
        assertThat(check.rowsChecked()).isEqualTo(rows);
        assertThat(Rows.count("SELECT COUNT(*) FROM audit_log")).isEqualTo(rows);
        assertThat(Rows.count("SELECT MAX(seq) FROM audit_log")).isEqualTo(rows);
        // No two rows hang off the same predecessor: one line, no fork.
        assertThat(Rows.count("SELECT COUNT(DISTINCT prev_hash) FROM audit_log")).isEqualTo(rows);
    }

    private static void sql(String... statements) {
        try (Connection c = Rows.connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.executeUpdate(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
