package vn.hailong.web;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.hailong.support.Browser;

/** The paged phone questionnaire at 390 × 844 with the page's JavaScript (focus, choice limit). */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhonePagedScriptedBrowserIT extends PagedQuestionnaireFlow {

    @RegisterExtension
    static final Browser browser = Browser.sized(390, 844, true);

    @Override
    Browser browser() {
        return browser;
    }

    @Override
    boolean scripts() {
        return true;
    }
}
