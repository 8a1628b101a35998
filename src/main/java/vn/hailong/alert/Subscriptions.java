package vn.hailong.alert;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import vn.hailong.account.Account;
import vn.hailong.account.AccountRegistry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alert_subscription table: what a reviewer opted in to (alert e-mails, the weekly digest),
 * at which address and in which language. {@link AlertMail} and {@link WeeklyDigest} read it.
 */
@Singleton
class Subscriptions {

    /** One account's choice; {@code email} is kept when both are turned off, for turning them on again. */
    record Subscription(long accountId, @Nullable String email, String language, boolean alerts, boolean digest) {
    }

    /** An opted-in digest reader: the reviewer's account, agency and address. */
    record DigestReader(long accountId, String username, long agencyId, String email, String language) {
    }

    private final TransactionOperations<Connection> transactions;
    private final Clock clock;
    private final AccountRegistry accounts;

    Subscriptions(TransactionOperations<Connection> transactions, Clock clock, AccountRegistry accounts) {
        this.transactions = transactions;
        this.clock = clock;
        this.accounts = accounts;
    }

    Optional<Subscription> find(long accountId) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement(
                    "SELECT email, language, alerts, digest FROM alert_subscription WHERE account_id = ?")) {
                select.setLong(1, accountId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(new Subscription(accountId, rs.getString(1), rs.getString(2),
                            rs.getBoolean(3), rs.getBoolean(4))) : Optional.empty();
                }
            }
        });
    }

    /** Stores the choice (insert or replace) in one transaction. */
    void save(Subscription subscription) {
        transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
            int updated;
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE alert_subscription SET email = ?, language = ?, alerts = ?, digest = ?, updated_at = ?
                    WHERE account_id = ?""")) {
                update.setString(1, subscription.email());
                update.setString(2, subscription.language());
                update.setBoolean(3, subscription.alerts());
                update.setBoolean(4, subscription.digest());
                update.setObject(5, now);
                update.setLong(6, subscription.accountId());
                updated = update.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO alert_subscription (account_id, email, language, alerts, digest, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                    insert.setLong(1, subscription.accountId());
                    insert.setString(2, subscription.email());
                    insert.setString(3, subscription.language());
                    insert.setBoolean(4, subscription.alerts());
                    insert.setBoolean(5, subscription.digest());
                    insert.setObject(6, now);
                    insert.setObject(7, now);
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Enabled reviewers with an agency who want the weekly digest (the accounts from the account feature). */
    List<DigestReader> digestReaders() {
        Map<Long, Account> reviewers = accounts.enabledReviewers();
        return transactions.executeRead(status -> {
            List<DigestReader> readers = new ArrayList<>();
            try (PreparedStatement select = status.getConnection().prepareStatement(
                    "SELECT account_id, email, language FROM alert_subscription WHERE digest = TRUE ORDER BY account_id");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Account reviewer = reviewers.get(rs.getLong(1));
                    if (reviewer != null) {
                        readers.add(new DigestReader(rs.getLong(1), reviewer.username(), reviewer.agencyId(), rs.getString(2),
                                rs.getString(3)));
                    }
                }
            }
            return readers;
        });
    }

    /** The account id of a username, if any (from the account feature, which owns the account table). */
    Optional<Long> accountId(String username) {
        return accounts.byUsername(username).map(Account::id);
    }
}
