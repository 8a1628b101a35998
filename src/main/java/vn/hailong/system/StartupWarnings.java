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

    private final String dossierKey;

    StartupWarnings(@Value("${hailong.dossier-key}") String dossierKey) {
        this.dossierKey = dossierKey;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        // HAILONG_JWT_SECRET is checked where the key is made (security.SigningSecret).
        if (dossierKey.startsWith("hailong-default-")) {
            LOG.warn("HAILONG_DOSSIER_KEY is not set: dossier codes are hashed with the built-in key. Set your own before real use.");
        }
    }
}
