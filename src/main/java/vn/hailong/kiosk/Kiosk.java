package vn.hailong.kiosk;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A touch-screen device at a counter. Only the SHA-256 of its token is kept. */
@MappedEntity("kiosk")
public record Kiosk(
        @Id @GeneratedValue @Nullable Long id,
        Long agencyId,
        String label,
        String tokenHash,
        Instant createdAt,
        @Nullable Instant revokedAt,
        @Nullable Instant lastSeenAt,
        @Nullable Integer waitingResponses) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
