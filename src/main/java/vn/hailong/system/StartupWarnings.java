package vn.hailong.system;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says at start-up which production settings are missing, instead of failing later in a confusing way. */
@Singleton
class StartupWarnings implements ApplicationEventListener<StartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StartupWarnings.class);

    /** The default in application.yml marks a secret made up at start with this prefix. */
    static final String GENERATED = "generated-";

    private final String dossierKey;
    private final String jwtSecret;

    StartupWarnings(@Value("${hailong.dossier-key}") String dossierKey,
                    @Value("${micronaut.security.token.jwt.signatures.secret.generator.secret}") String jwtSecret) {
        this.dossierKey = dossierKey;
        this.jwtSecret = jwtSecret;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        if (jwtSecret.startsWith(GENERATED)) {
            LOG.warn("HAILONG_JWT_SECRET is not set: using a random secret. Logins end at restart and do not work across copies.");
        } else if (jwtSecret.length() < 32) {
            LOG.error("HAILONG_JWT_SECRET must have at least 32 characters.");
        }
        if (dossierKey.startsWith("hailong-default-")) {
            LOG.warn("HAILONG_DOSSIER_KEY is not set: dossier codes are hashed with the built-in key. Set your own before real use.");
        }
    }
}
