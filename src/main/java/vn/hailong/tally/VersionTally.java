package vn.hailong.tally;

import vn.hailong.survey.ScoreLine;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts over a set of responses to one survey version, in the version's own terms
 * ({@link VersionShape}). Every SIPAS figure and interval follows from them (docs/method.md
 * §6.3, the interval from counts), and they add up: per agency, day, month, subtree.
 *
 * <p>For criteria k, l: {@code pairs} = respondents with a valid answer to both, {@code satFirst}
 * = of those, satisfied on k, {@code satBoth} = satisfied on both; the diagonal holds n_k and S_k.
 * Scale positions (criteria and other scale questions) keep the count of each value 1–9. Choice
 * questions keep the respondents who answered and, per option, who picked it.
 */
public final class VersionTally {

    private final VersionShape shape;
    private final int c;
    long responses;
    long respondents;
    final long[] elementRespondents;
    /** [position * 10 + value], value 1..9. */
    final long[] distribution;
    /** [k * criteria + l]. */
    final long[] pairs;
    final long[] satFirst;
    final long[] satBoth;
    final long[] choiceAnswered;
    final long[][] choicePicked;

    public VersionTally(VersionShape shape) {
        this.shape = shape;
        this.c = shape.criteria();
        this.elementRespondents = new long[shape.elements()];
        this.distribution = new long[shape.positions() * 10];
        this.pairs = new long[c * c];
        this.satFirst = new long[c * c];
        this.satBoth = new long[c * c];
        this.choiceAnswered = new long[shape.choices()];
        this.choicePicked = new long[shape.choices()][];
        for (int q = 0; q < shape.choices(); q++) {
            choicePicked[q] = new long[shape.choiceOptions(q).size()];
        }
    }

    /**
     * Adds ({@code sign} = 1) or removes (-1) one response: its score line and its choice answers
     * (question code → option codes picked; other codes are ignored).
     */
    public void addResponse(String scores, Map<String, ? extends Collection<String>> choices, int sign) {
        if (!ScoreLine.counts(scores)) {
            return; // no scale answer at all: not a respondent (stored before such submissions were refused)
        }
        int[] value = new int[c];
        boolean[] satisfied = new boolean[c];
        int length = Math.min(scores.length(), shape.positions());
        for (int p = 0; p < length; p++) {
            int v = scores.charAt(p) - '0';
            if (v < 1 || v > 9) {
                continue;
            }
            distribution[p * 10 + v] += sign;
            if (p < c) {
                value[p] = v;
                satisfied[p] = shape.satisfied(p, v);
            }
        }
        responses += sign;
        boolean any = false;
        boolean[] inElement = new boolean[shape.elements()];
        for (int k = 0; k < c; k++) {
            if (value[k] == 0) {
                continue;
            }
            any = true;
            inElement[shape.elementOf(k)] = true;
            for (int l = 0; l < c; l++) {
                if (value[l] == 0) {
                    continue;
                }
                pairs[k * c + l] += sign;
                if (satisfied[k]) {
                    satFirst[k * c + l] += sign;
                    if (satisfied[l]) {
                        satBoth[k * c + l] += sign;
                    }
                }
            }
        }
        if (any) {
            respondents += sign;
        }
        for (int e = 0; e < inElement.length; e++) {
            if (inElement[e]) {
                elementRespondents[e] += sign;
            }
        }
        for (Map.Entry<String, ? extends Collection<String>> entry : choices.entrySet()) {
            int q = shape.choiceIndex(entry.getKey());
            if (q < 0 || entry.getValue().isEmpty()) {
                continue;
            }
            choiceAnswered[q] += sign;
            Set<String> distinct = new HashSet<>(entry.getValue());
            for (String option : distinct) {
                int o = shape.choiceOptions(q).indexOf(option);
                if (o >= 0) {
                    choicePicked[q][o] += sign;
                }
            }
        }
    }

    public void add(VersionTally other, int sign) {
        if (other.shape.versionId() != shape.versionId()) {
            throw new IllegalArgumentException("tallies of different versions do not add up");
        }
        responses += sign * other.responses;
        respondents += sign * other.respondents;
        addInto(elementRespondents, other.elementRespondents, sign);
        addInto(distribution, other.distribution, sign);
        addInto(pairs, other.pairs, sign);
        addInto(satFirst, other.satFirst, sign);
        addInto(satBoth, other.satBoth, sign);
        addInto(choiceAnswered, other.choiceAnswered, sign);
        for (int q = 0; q < choicePicked.length; q++) {
            addInto(choicePicked[q], other.choicePicked[q], sign);
        }
    }

    private static void addInto(long[] target, long[] source, int sign) {
        for (int i = 0; i < target.length; i++) {
            target[i] += sign * source[i];
        }
    }

    /**
     * The counts that cannot be derived from others: the diagonals follow from the distributions,
     * and pairs / satBoth are symmetric, so only their upper triangles are written.
     */
    void encode(Varints.Writer out) {
        out.write(responses);
        out.write(respondents);
        for (long count : elementRespondents) {
            out.write(count);
        }
        for (int p = 0; p < shape.positions(); p++) {
            for (int v = 1; v <= 9; v++) {
                out.write(distribution[p * 10 + v]);
            }
        }
        for (int k = 0; k < c; k++) {
            for (int l = k + 1; l < c; l++) {
                out.write(pairs[k * c + l]);
                out.write(satBoth[k * c + l]);
                out.write(satFirst[k * c + l]);
                out.write(satFirst[l * c + k]);
            }
        }
        for (int q = 0; q < choiceAnswered.length; q++) {
            out.write(choiceAnswered[q]);
            for (long count : choicePicked[q]) {
                out.write(count);
            }
        }
    }

    /** Reads what {@link #encode} wrote and adds it to these counts. */
    void decodeAdd(Varints.Reader in) {
        responses += in.read();
        respondents += in.read();
        for (int e = 0; e < elementRespondents.length; e++) {
            elementRespondents[e] += in.read();
        }
        for (int p = 0; p < shape.positions(); p++) {
            long valid = 0;
            long satisfiedCount = 0;
            for (int v = 1; v <= 9; v++) {
                long count = in.read();
                distribution[p * 10 + v] += count;
                valid += count;
                if (shape.satisfied(p, v)) {
                    satisfiedCount += count;
                }
            }
            if (p < c) {
                pairs[p * c + p] += valid;
                satFirst[p * c + p] += satisfiedCount;
                satBoth[p * c + p] += satisfiedCount;
            }
        }
        for (int k = 0; k < c; k++) {
            for (int l = k + 1; l < c; l++) {
                long both = in.read();
                pairs[k * c + l] += both;
                pairs[l * c + k] += both;
                long satisfiedBoth = in.read();
                satBoth[k * c + l] += satisfiedBoth;
                satBoth[l * c + k] += satisfiedBoth;
                satFirst[k * c + l] += in.read();
                satFirst[l * c + k] += in.read();
            }
        }
        for (int q = 0; q < choiceAnswered.length; q++) {
            choiceAnswered[q] += in.read();
            for (int o = 0; o < choicePicked[q].length; o++) {
                choicePicked[q][o] += in.read();
            }
        }
    }

    public VersionShape shape() {
        return shape;
    }

    public long responses() {
        return responses;
    }

    /** Respondents with at least one valid criterion answer. */
    public long respondents() {
        return respondents;
    }

    public long elementRespondents(int element) {
        return elementRespondents[element];
    }

    public long distribution(int position, int value) {
        return distribution[position * 10 + value];
    }

    public long pairs(int k, int l) {
        return pairs[k * c + l];
    }

    public long satFirst(int k, int l) {
        return satFirst[k * c + l];
    }

    public long satBoth(int k, int l) {
        return satBoth[k * c + l];
    }

    public long choiceAnswered(int choice) {
        return choiceAnswered[choice];
    }

    public long choicePicked(int choice, int option) {
        return choicePicked[choice][option];
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof VersionTally other) || other.shape.versionId() != shape.versionId()) {
            return false;
        }
        if (responses != other.responses || respondents != other.respondents
                || !java.util.Arrays.equals(elementRespondents, other.elementRespondents)
                || !java.util.Arrays.equals(distribution, other.distribution)
                || !java.util.Arrays.equals(pairs, other.pairs) || !java.util.Arrays.equals(satFirst, other.satFirst)
                || !java.util.Arrays.equals(satBoth, other.satBoth)
                || !java.util.Arrays.equals(choiceAnswered, other.choiceAnswered)) {
            return false;
        }
        return java.util.Arrays.deepEquals(choicePicked, other.choicePicked);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(responses) * 31 + java.util.Arrays.hashCode(distribution);
    }

    @Override
    public String toString() {
        return "VersionTally{version=" + shape.versionId() + ", responses=" + responses + ", respondents=" + respondents + "}";
    }
}
