package vn.hailong.tally;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * The counts of one rollup row (or a sum of rows): one {@link VersionTally} per survey version
 * answered. Serialized as a format byte, then per version: id, payload length, payload (zigzag
 * varints, {@link VersionTally#encode}). Most rows hold one version; a row spanning a template
 * change holds two.
 */
public final class RollupTally {

    private static final int FORMAT = 1;

    private final LongFunction<VersionShape> shapes;
    private final Map<Long, VersionTally> versions = new TreeMap<>();

    public RollupTally(LongFunction<VersionShape> shapes) {
        this.shapes = shapes;
    }

    static byte[] empty() {
        return new byte[]{FORMAT};
    }

    /** Adds the counts serialized in {@code bytes}. */
    public void addEncoded(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != FORMAT) {
            throw new IllegalStateException("unknown rollup tally format " + (bytes.length == 0 ? "(empty)" : bytes[0]));
        }
        Varints.Reader in = new Varints.Reader(bytes);
        in.skip(1);
        while (in.more()) {
            long versionId = in.read();
            int length = (int) in.read();
            int start = in.position();
            VersionTally tally = versions.computeIfAbsent(versionId, id -> new VersionTally(shapes.apply(id)));
            tally.decodeAdd(in);
            if (in.position() - start != length) {
                throw new IllegalStateException("rollup tally of survey version " + versionId + " does not match its shape");
            }
        }
    }

    /** The counts of one version, created empty when this tally has none yet. */
    public VersionTally forVersion(long versionId) {
        return versions.computeIfAbsent(versionId, id -> new VersionTally(shapes.apply(id)));
    }

    public void add(VersionTally tally, int sign) {
        versions.computeIfAbsent(tally.shape().versionId(), id -> new VersionTally(tally.shape())).add(tally, sign);
    }

    public void add(RollupTally other, int sign) {
        other.versions.values().forEach(t -> add(t, sign));
    }

    /** Versions with no response left are dropped, so an emptied row reads as empty. */
    public byte[] encode() {
        Varints.Writer out = new Varints.Writer();
        Varints.Writer payload = new Varints.Writer();
        for (VersionTally tally : versions.values()) {
            if (tally.responses() == 0) {
                continue;
            }
            payload.reset();
            tally.encode(payload);
            out.write(tally.shape().versionId());
            out.write(payload.length());
            out.writeBytes(payload);
        }
        byte[] body = out.toByteArray();
        byte[] result = new byte[body.length + 1];
        result[0] = FORMAT;
        System.arraycopy(body, 0, result, 1, body.length);
        return result;
    }

    public long responses() {
        return versions.values().stream().mapToLong(VersionTally::responses).sum();
    }

    /** By survey version id, including versions whose responses were all removed again. */
    public Map<Long, VersionTally> versions() {
        return Collections.unmodifiableMap(versions);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RollupTally other)) {
            return false;
        }
        return nonEmpty(this).equals(nonEmpty(other));
    }

    private static Map<Long, VersionTally> nonEmpty(RollupTally t) {
        Map<Long, VersionTally> result = new TreeMap<>(t.versions);
        result.values().removeIf(v -> v.responses() == 0);
        return result;
    }

    @Override
    public int hashCode() {
        return nonEmpty(this).hashCode();
    }

    @Override
    public String toString() {
        return "RollupTally" + nonEmpty(this).values();
    }
}
