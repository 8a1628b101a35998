package vn.hailong.web;

import vn.hailong.survey.QuestionType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The phone questionnaire one part at a time (issue 12 item 1), as the kiosk pages it: each
 * section of the {@link QuestionnaireForm} (opinions, each element, the general questions,
 * expectations, about you) is one page "Phần k/N", then a review page before sending.
 *
 * <p>The pages keep no state on the server: each page is a form post that carries every answer
 * given on the other pages as hidden fields, with the response id fixed when the first page
 * opened. So a reload posts the same answers again and shows the same page, the browser's back
 * button shows the page as it was, and the final post is idempotent by its id.
 */
final class QuestionnairePages {

    /** The value of the review page in the {@code page} and {@code go} fields. */
    static final String REVIEW = "review";
    /** The {@code go} value of the review page's send button (also what a post without {@code go} means). */
    static final String SEND = "send";

    /**
     * Seconds for one closed question (a statement read, one tap): an assumption of this
     * project, not a measured or official figure. A SIPAS criterion is one short sentence; read
     * at an unhurried pace and answered on a scale it takes some 5 to 10 seconds, so the page says
     * "about low–high minutes" with these bounds. Text questions are optional and said to be
     * extra. Check it against the web responses' own times (submitted_at − started_at) once
     * there are enough of them, and change the two numbers here if they disagree.
     */
    static final int SECONDS_PER_CLOSED_LOW = 5;
    static final int SECONDS_PER_CLOSED_HIGH = 10;

    private QuestionnairePages() {
    }

    /**
     * Paged when the questionnaire has more than one element. The one-stop rating (one level and
     * its reason) stays one short page, as on the kiosk, where paging it would triple the taps.
     */
    static boolean paged(QuestionnaireForm form, int elements) {
        return elements > 1 && form.sections().size() > 1;
    }

    /** What the first page says about the time it takes. */
    record Estimate(int closedQuestions, int openQuestions, int parts, int lowMinutes, int highMinutes) {
    }

    static Estimate estimate(QuestionnaireForm form) {
        int closed = 0;
        int open = 0;
        for (QuestionnaireForm.Section section : form.sections()) {
            for (QuestionnaireForm.Item item : section.items()) {
                if (QuestionType.TEXT.word().equals(item.kind())) {
                    open++;
                } else {
                    closed++;
                }
            }
        }
        int low = Math.max(1, (closed * SECONDS_PER_CLOSED_LOW + 59) / 60);
        int high = Math.max(low + 1, (closed * SECONDS_PER_CLOSED_HIGH + 59) / 60);
        return new Estimate(closed, open, form.sections().size(), low, high);
    }

    /** One hidden field that carries an answer given on another page. */
    record Carried(String name, String value) {
    }

    /** The answers of the questions not on the shown sections, as hidden fields (one per value). */
    static List<Carried> carried(QuestionnaireForm form, List<QuestionnaireForm.Section> shown, Map<String, List<String>> entered) {
        Set<String> onPage = new HashSet<>();
        shown.forEach(s -> s.items().forEach(i -> onPage.add(i.code())));
        List<Carried> hidden = new ArrayList<>();
        for (QuestionnaireForm.Section section : form.sections()) {
            for (QuestionnaireForm.Item item : section.items()) {
                if (!onPage.contains(item.code())) {
                    entered.getOrDefault(item.code(), List.of()).forEach(v -> hidden.add(new Carried(item.field(), v)));
                }
            }
        }
        return hidden;
    }

    /** The codes of the questions on one page (1-based). */
    static Set<String> codesOf(QuestionnaireForm form, int page) {
        Set<String> codes = new HashSet<>();
        form.sections().get(page - 1).items().forEach(i -> codes.add(i.code()));
        return codes;
    }

    /** The page (1-based) that holds a question, or 0 when none does. */
    static int pageOf(QuestionnaireForm form, String code) {
        for (int i = 0; i < form.sections().size(); i++) {
            for (QuestionnaireForm.Item item : form.sections().get(i).items()) {
                if (item.code().equals(code)) {
                    return i + 1;
                }
            }
        }
        return 0;
    }

    /** The review page: each part with its questions and what was answered, in the reader's language. */
    record ReviewPart(int page, String title, boolean profile, String code, List<ReviewLine> lines, int answered) {
    }

    /** A question and its answer's label(s); an empty answer is "not answered". */
    record ReviewLine(String code, String text, List<String> answer) {
    }

    static List<ReviewPart> review(QuestionnaireForm form) {
        List<ReviewPart> parts = new ArrayList<>();
        for (int i = 0; i < form.sections().size(); i++) {
            QuestionnaireForm.Section section = form.sections().get(i);
            List<ReviewLine> lines = new ArrayList<>();
            int answered = 0;
            for (QuestionnaireForm.Item item : section.items()) {
                List<String> answer = new ArrayList<>();
                if (QuestionType.TEXT.word().equals(item.kind())) {
                    if (!item.value().isBlank()) {
                        answer.add(item.value());
                    }
                } else {
                    item.options().stream().filter(QuestionnaireForm.Option::checked).forEach(o -> answer.add(o.label()));
                }
                if (!answer.isEmpty()) {
                    answered++;
                }
                lines.add(new ReviewLine(item.code(), item.text(), answer));
            }
            parts.add(new ReviewPart(i + 1, section.title(), section.profile(), section.code(), lines, answered));
        }
        return parts;
    }
}
