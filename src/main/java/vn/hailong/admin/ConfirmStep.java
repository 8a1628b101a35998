package vn.hailong.admin;

import io.micronaut.http.HttpResponse;
import io.micronaut.views.ModelAndView;

import java.util.List;
import java.util.Map;

/**
 * The page between a button that cannot be taken back and the change itself (issue 12 item 15):
 * it says what will happen, in the reader's language, and holds the form that does it. Plain HTML,
 * no script: "Confirm" posts the form, "Cancel" is a link back that changes nothing. The same
 * path answers GET with this page and POST with the change.
 */
final class ConfirmStep {

    static final String VIEW = "admin/confirm";

    private ConfirmStep() {
    }

    /**
     * @param title        message key of the question heading, e.g. "Revoke kiosk Quầy 1?", with {@code subject} as its argument
     * @param confirm      message key of the confirming button
     * @param action       where the form posts (the same path as this page)
     * @param cancel       where "Cancel" goes back to
     * @param consequences what will happen, one line each (message keys with their arguments)
     */
    static HttpResponse<?> page(Map<String, Object> model, String title, String subject, String confirm, String action,
                                String cancel, List<FormError> consequences) {
        model.put("confirmTitle", title);
        model.put("confirmSubject", subject);
        model.put("confirmButton", confirm);
        model.put("confirmAction", action + (action.contains("?") ? "&" : "?") + "lang=" + model.get("lang"));
        model.put("cancelHref", cancel + (cancel.contains("?") ? "&" : "?") + "lang=" + model.get("lang"));
        model.put("consequences", consequences);
        // A confirmation page must never be served from a cache after the change was made.
        return HttpResponse.ok(new ModelAndView<>(VIEW, model)).header("Cache-Control", "no-store");
    }

    /** One line of what will happen. */
    static FormError line(String key, Object... args) {
        return FormError.of("", key, args);
    }
}
