package vn.hailong.web;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 18: a route that declares no {@code produces} produces JSON only, so a client that
 * sends exactly {@code Accept: text/html} gets 406 from a page. {@code PagesAcceptHtmlIT} walks the
 * pages that exist; this keeps the next page from repeating the mistake: every route outside
 * {@code /api} says what it produces, except the few that set their own binary or CSV content type
 * (named here, so adding one is a decision).
 */
class PageRoutesTest {

    private static final Set<String> SETS_ITS_OWN_TYPE = Set.of(
            "GET /qr/{agencyCode}/{surveyCode:[^/.]+}.png",
            "GET /qr/r/{code}.png",
            "GET /reports/export/{what}.{format}",
            "GET /reports/export/responses.csv",
            "GET /reports/export/report.docx",
            "GET /reports/export/report.pdf",
            "GET /admin/audit.csv");

    @Test
    void everyPageRouteSaysWhatItProduces() {
        List<String> silent = new ArrayList<>();
        List<String> pages = new ArrayList<>();
        for (JavaClass imported : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("vn.hailong")) {
            Class<?> type = imported.reflect();
            Controller controller = type.getAnnotation(Controller.class);
            if (controller == null || controller.value().startsWith("/api")) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                Get get = method.getAnnotation(Get.class);
                Post post = method.getAnnotation(Post.class);
                if (get == null && post == null) {
                    continue;
                }
                String route = (get != null ? "GET " : "POST ") + controller.value() + (get != null ? get.value() : post.value());
                String[] produces = get != null ? get.produces() : post.produces();
                if (produces.length == 0 && !SETS_ITS_OWN_TYPE.contains(route)) {
                    silent.add(route);
                }
                if (Arrays.asList(produces).contains(MediaType.TEXT_HTML)) {
                    pages.add(route);
                }
            }
        }
        assertThat(silent).as("routes outside /api without produces (they answer 406 to Accept: text/html)").isEmpty();
        assertThat(pages).as("the scan found the pages").hasSizeGreaterThan(30);
    }
}
