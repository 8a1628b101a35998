package vn.hailong.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page texts: both languages carry the same keys, none is empty, and every key a view asks
 * for exists in both (a missing one shows as ??key_vi?? to the citizen).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessagesTest {

    static final Path I18N = Path.of("src/main/resources/i18n");
    static final Path VIEWS = Path.of("src/main/resources/views");
    /** {@code #{key}} or {@code #{key(args)}}; group 1 is everything up to the closing brace or the arguments. */
    static final Pattern MESSAGE = Pattern.compile("#\\{([^}(]*)");
    /** A computed key: {@code #{'prefix.' + ${value}}}. */
    static final Pattern DYNAMIC = Pattern.compile("'([^']*)'\\s*\\+.*");

    Properties vi;
    Properties en;
    Properties fallback;

    @BeforeAll
    void load() throws IOException {
        vi = load("messages_vi.properties");
        en = load("messages_en.properties");
        fallback = load("messages.properties");
    }

    @Test
    void vietnameseAndEnglishHaveExactlyTheSameKeys() {
        assertThat(vi.stringPropertyNames()).isNotEmpty();
        assertThat(new TreeSet<>(en.stringPropertyNames()))
                .as("keys only in Vietnamese: %s; only in English: %s", only(vi, en), only(en, vi))
                .isEqualTo(new TreeSet<>(vi.stringPropertyNames()));
    }

    @Test
    void fallbackBundleHasTheSameKeysAsVietnamese() {
        assertThat(new TreeSet<>(fallback.stringPropertyNames())).isEqualTo(new TreeSet<>(vi.stringPropertyNames()));
    }

    @Test
    void noMessageIsEmpty() {
        for (Properties bundle : List.of(vi, en, fallback)) {
            for (String key : bundle.stringPropertyNames()) {
                assertThat(bundle.getProperty(key)).as(key).isNotBlank();
            }
        }
    }

    @Test
    void vietnameseMessagesAreReadAsUtf8() {
        assertThat(vi.getProperty("app.name")).isEqualTo("Hài lòng");
        assertThat(en.getProperty("lang.switch")).isEqualTo("Tiếng Việt");
    }

    @Test
    void everyKeyUsedInTheViewsExistsInBothLanguages() throws IOException {
        Map<String, List<String>> used = usedKeys();
        assertThat(used).as("no #{...} found: is the views folder right?").isNotEmpty();

        List<String> missing = new ArrayList<>();
        used.forEach((key, views) -> {
            boolean dynamic = key.endsWith("*");
            for (Map.Entry<String, Properties> bundle : Map.of("vi", vi, "en", en).entrySet()) {
                boolean found = dynamic
                        ? bundle.getValue().stringPropertyNames().stream().anyMatch(k -> k.startsWith(key.substring(0, key.length() - 1)))
                        : bundle.getValue().containsKey(key);
                if (!found) {
                    missing.add(key + " (" + bundle.getKey() + ", used in " + views + ")");
                }
            }
        });
        assertThat(missing).isEmpty();
        assertThat(used).containsKeys("form.invalid", "form.problem.*", "thanks.text", "report.insufficient", "lang.switch");
    }

    /** The questionnaire page shows form.problem.&lt;field&gt; for each refused field that is not an answer. */
    @Test
    void everyProblemTheQuestionnairePageCanShowHasAText() {
        for (String field : List.of("id", "survey", "surveyVersion", "agency", "startedAt", "dossier", "dossierRated", "request")) {
            assertThat(vi.getProperty("form.problem." + field)).as("vi form.problem." + field).isNotBlank();
            assertThat(en.getProperty("form.problem." + field)).as("en form.problem." + field).isNotBlank();
        }
    }

    /**
     * Every refusal code the domain code gives (issue 16 §2: {@code Refusal.invalid(field, "code", ...)},
     * {@code Refusal.forbidden("code", ...)}, {@code Reason.of(field, "code", ...)}) has its page text
     * {@code refusal.<code>} in both languages, so a page never falls back to the API's English.
     */
    @Test
    void everyRefusalCodeHasATextInBothLanguages() throws IOException {
        Set<String> codes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Matcher m = REFUSAL_CODE.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    codes.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        }
        assertThat(codes).as("refusal codes found in the sources").hasSizeGreaterThan(60)
                .contains("answer.maxChoices", "kiosk.tooMany", "json.notJsonAt", "submitter.outOfScope");
        codes.add("invalid");
        codes.add("other");
        List<String> missing = new ArrayList<>();
        for (String code : codes) {
            for (Map.Entry<String, Properties> bundle : Map.of("vi", vi, "en", en).entrySet()) {
                if (!bundle.getValue().containsKey("refusal." + code)) {
                    missing.add("refusal." + code + " (" + bundle.getKey() + ")");
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    /**
     * A code as the refusal factories take it: after a field for a refusal of one field, for a
     * reason and for the answer rules' collector ({@code errors.add(code, "answer.…")}); first for
     * a refusal of the whole request.
     */
    static final Pattern REFUSAL_CODE = Pattern.compile(
            "(?:Refusal\\.(?:invalid|malformed|notFound|conflict)\\(|Reason\\.of\\(|errors\\.add\\()[^,;()]*(?:\\(\\))?,\\s*\"([a-zA-Z]+\\.[\\w.]+)\""
                    + "|Refusal\\.(?:forbidden|unauthenticated|limited|unavailable)\\(\\s*\"([a-zA-Z]+\\.?[\\w.]*)\"");

    /** key → views using it; a computed key 'prefix.' + ${x} is recorded as prefix.* */
    private static Map<String, List<String>> usedKeys() throws IOException {
        Map<String, List<String>> used = new TreeMap<>();
        List<Path> views;
        try (Stream<Path> files = Files.walk(VIEWS)) {
            views = files.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
        assertThat(views).isNotEmpty();
        for (Path view : views) {
            Matcher m = MESSAGE.matcher(Files.readString(view, StandardCharsets.UTF_8));
            while (m.find()) {
                String expression = m.group(1).strip();
                Matcher dynamic = DYNAMIC.matcher(expression);
                String key = dynamic.matches() ? dynamic.group(1) + "*" : expression;
                assertThat(key).as("message expression in " + view).matches("[A-Za-z0-9_.]+\\*?");
                used.computeIfAbsent(key, k -> new ArrayList<>()).add(VIEWS.relativize(view).toString());
            }
        }
        return used;
    }

    /** Through the app's own message source, as pages, documents and mails read it. */
    @Test
    void textsComeOutAsWrittenApostrophesAndAll() {
        var messages = new Messages(List.of(new MessagesFactory().messageBundle()), List.of());
        for (String key : en.stringPropertyNames()) {
            String written = en.getProperty(key);
            if (written.indexOf('\'') >= 0 && !written.matches(".*\\{[^}]+}.*")) {
                assertThat(messages.getMessage(key, java.util.Locale.ENGLISH, new Object[0])).as(key).contains(written);
            }
        }
        assertThat(messages.getMessage("doc.comments.note", java.util.Locale.ENGLISH, "5", "12")).contains(
                "The 5 newest of the period's 12 comments; phone numbers, e-mail addresses and ID numbers are masked.");
        assertThat(messages.getMessage("doc.comments.note", java.util.Locale.forLanguageTag("vi"), "5", "{1}"))
                .as("a value is not expanded again").hasValueSatisfying(t -> assertThat(t).startsWith("5 ý kiến mới nhất trong tổng số {1} ý kiến"));
    }

    private static Set<String> only(Properties a, Properties b) {
        Set<String> keys = new TreeSet<>(a.stringPropertyNames());
        keys.removeAll(b.stringPropertyNames());
        return keys;
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(I18N.resolve(name), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
