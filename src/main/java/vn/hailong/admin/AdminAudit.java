package vn.hailong.admin;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.hailong.account.Caller;

/**
 * Every change an administrator makes on these pages passes here: who, what, on which target,
 * and the agency it concerns. The single place that hands it to the audit log.
 */
@Singleton
class AdminAudit {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAudit.class);

    void record(Caller who, String action, String target, @Nullable String agencyScope) {
        LOG.info("admin action {} by {} on {} (agency scope {})", action, who.name(), target, agencyScope == null ? "-" : agencyScope);
    }
}
