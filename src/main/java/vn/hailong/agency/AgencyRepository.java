package vn.hailong.agency;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface AgencyRepository extends CrudRepository<Agency, Long> {

    Optional<Agency> findByCode(String code);

    List<Agency> findByParentIdOrderByCode(Long parentId);

    List<Agency> findByParentIdIsNullOrderByCode();

    List<Agency> findByIdIn(java.util.Collection<Long> ids);
}
