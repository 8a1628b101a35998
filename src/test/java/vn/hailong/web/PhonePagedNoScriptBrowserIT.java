package vn.hailong.web;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.hailong.support.Browser;

/** The paged phone questionnaire at 390 × 844 with JavaScript off (--blink-settings=scriptEnabled=false): plain form posts only. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhonePagedNoScriptBrowserIT extends PagedQuestionnaireFlow {

    @RegisterExtension
    static final Browser browser = Browser.sized(390, 844, true).withoutJavaScript();

    @Override
    Browser browser() {
        return browser;
    }

    @Override
    boolean scripts() {
        return false;
    }
}
