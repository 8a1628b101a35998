package vn.hailong.dossier;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this copy last read or wrote of the registries (procedures, counters, officers): their id
 * and name, so a batch that names known entries with the names they have needs no statement for
 * them. Sound across copies because a registry entry's id never changes (no entry is deleted or
 * re-keyed), and because the cache only ever saves a write that would store what the cache holds:
 * an entry sent with another name (or field) than the cached one goes to the database as before,
 * so a rename made by another copy is never written over with an older name from here. An entry
 * older than {@link #FRESH_NANOS} is read again, so after another copy's rename a name sent back
 * to the old one is stored within that time. Only committed values are {@link #remember}ed.
 * Bounded: least recently used entries go first.
 */
@Singleton
class RegistryCache {

    static final long FRESH_NANOS = 60_000_000_000L;
    static final int MAX_ENTRIES = 100_000;

    /** One registry entry as stored: id, name and (procedures only) field. */
    record Entry(long id, @Nullable String name, @Nullable String field, long readAt) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** The key of a procedure ("P\nCODE"), a counter ("C\nagencyId\nCODE") or an officer ("O\nagencyId\nCODE"). */
    static String key(char registry, String code) {
        return registry + "\n" + code;
    }

    /** The fresh entries among these keys. */
    synchronized Map<String, Entry> fresh(Iterable<String> keys, long nowNanos) {
        Map<String, Entry> found = new java.util.HashMap<>();
        for (String key : keys) {
            Entry e = entries.get(key);
            if (e != null && nowNanos - e.readAt() < FRESH_NANOS) {
                found.put(key, e);
            }
        }
        return found;
    }

    /** Committed registry values (call only after the transaction that read or wrote them committed). */
    synchronized void remember(Map<String, Entry> committed) {
        entries.putAll(committed);
    }

    synchronized int size() {
        return entries.size();
    }
}
