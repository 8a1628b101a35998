package vn.hailong.kiosk;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;

import java.time.Clock;
import java.time.Instant;

/** Enrols a kiosk for an agency and hands out its token, once. */
@Singleton
public class KioskEnrolment {

    private final KioskRepository kiosks;
    private final KioskTokenValidator tokens;
    private final Clock clock;

    KioskEnrolment(KioskRepository kiosks, KioskTokenValidator tokens, Clock clock) {
        this.clock = clock;
        this.kiosks = kiosks;
        this.tokens = tokens;
    }

    public EnrolledKiosk enrol(Agency agency, String label) {
        String token = KioskTokens.newToken();
        Kiosk saved = kiosks.save(new Kiosk(null, agency.id(), label.strip(), KioskTokens.hash(token), clock.instant(), null, null, null));
        return new EnrolledKiosk(saved.id(), agency.code(), saved.label(), token);
    }

    /**
     * The token stops working at once on this copy and for submissions on every copy; other copies
     * stop accepting it for anything else within {@code hailong.kiosks.recheck} (see {@link KioskTokenValidator}).
     */
    public boolean revoke(long id) {
        boolean revoked = kiosks.revoke(id, clock.instant()) > 0;
        tokens.forget(id);
        return revoked;
    }

    /** True when {@code token} is the one enrolled for kiosk {@code id} (its hash matches). */
    public boolean isTokenOf(long id, String token) {
        return token.startsWith(KioskTokens.PREFIX)
                && kiosks.findById(id).map(k -> k.tokenHash().equals(KioskTokens.hash(token))).orElse(false);
    }

    @Serdeable
    public record EnrolledKiosk(long id, String agency, String label, String token) {
    }
}
