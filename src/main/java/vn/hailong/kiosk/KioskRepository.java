package vn.hailong.kiosk;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface KioskRepository extends CrudRepository<Kiosk, Long> {

    Optional<Kiosk> findByTokenHash(String tokenHash);
}
