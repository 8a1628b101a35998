package vn.hailong.audit;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says at start-up that the audit chain runs on the built-in key, which anyone can read in the source. */
@Singleton
class AuditKeyWarning implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(AuditKeyWarning.class);

    private final String key;

    AuditKeyWarning(@Value("${hailong.audit.key:hailong-default-audit-key-change-me}") String key) {
        this.key = key;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (key.startsWith(AuditChain.DEFAULT_KEY_PREFIX)) {
            LOG.warn("HAILONG_AUDIT_KEY is not set: the audit log's hash chain uses the built-in key, so someone with "
                    + "database access could rewrite it undetected. Set your own (32+ characters) before real use.");
        } else if (key.length() < 32) {
            LOG.error("HAILONG_AUDIT_KEY should have at least 32 characters.");
        }
    }
}
