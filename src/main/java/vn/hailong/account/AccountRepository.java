package vn.hailong.account;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface AccountRepository extends CrudRepository<Account, Long> {

    Optional<Account> findByUsername(String username);

    boolean existsByUsername(String username);

    List<Account> findAllOrderByUsername();

    List<Account> findByRoleAndEnabled(Role role, boolean enabled);

    @Query("UPDATE account SET enabled = :enabled WHERE id = :id")
    int updateEnabled(long id, boolean enabled);

    @Query("UPDATE account SET password_hash = :passwordHash WHERE id = :id")
    int updatePasswordHash(long id, String passwordHash);

    @Query("UPDATE account SET agency_id = :agencyId WHERE id = :id")
    int updateAgencyId(long id, @io.micronaut.core.annotation.Nullable Long agencyId);
}
