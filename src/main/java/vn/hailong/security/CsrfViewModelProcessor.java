package vn.hailong.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.views.ModelAndView;
import io.micronaut.views.model.ViewModelProcessor;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.Map;

/**
 * THE place that gives every page its CSRF token: each Thymeleaf model gets {@code csrfToken}
 * (and {@code csrfField} = "_csrf"), whatever controller built it. A page form that changes
 * something only has to carry
 * <pre>{@code <input type="hidden" name="_csrf" th:value="${csrfToken}">}</pre>
 * and {@link CsrfCheckFilter} refuses page POSTs without it. Scripts can read the same token from
 * the layout's {@code <meta name="csrf-token">} and send it as the {@code X-CSRF-Token} header.
 */
@Singleton
class CsrfViewModelProcessor implements ViewModelProcessor<Map<String, Object>> {

    private final CsrfTokens tokens;

    CsrfViewModelProcessor(CsrfTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void process(HttpRequest<?> request, ModelAndView<Map<String, Object>> modelAndView) {
        // Some pages pass Map.of(...): copy into a map that can take the token.
        Map<String, Object> model = new HashMap<>(modelAndView.getModel().orElse(Map.of()));
        model.put("csrfToken", tokens.tokenFor(request));
        model.put("csrfField", CsrfTokens.FIELD);
        modelAndView.setModel(model);
    }
}
