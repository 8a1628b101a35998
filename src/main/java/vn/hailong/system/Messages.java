package vn.hailong.system;

import io.micronaut.context.AbstractMessageSource;
import io.micronaut.context.MessageSource;
import io.micronaut.context.StaticMessageSource;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.i18n.ResourceBundleMessageSource;
import io.micronaut.core.order.OrderUtil;
import io.micronaut.runtime.context.CompositeMessageSource;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The message source every page, document, mail and API text is read through: the texts of all
 * message bundles (ours, i18n/messages*.properties, first; the validation library's), with
 * {@code {0}}, {@code {name}} replaced by their values in one pass and nothing else special.
 * It stands in for Micronaut's composite source, whose interpolation follows MessageFormat's
 * quoting: an apostrophe started a quoted run, so "the period's {1} comments" came out as "the
 * periods {1} comments", the count lost with the apostrophe. One pass also means a value that
 * itself holds "{1}" (a citizen's comment in an alert mail) is not expanded again.
 */
@Primary
@Singleton
@Replaces(CompositeMessageSource.class)
public class Messages implements MessageSource {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

    private final List<AbstractMessageSource> bundles;

    /**
     * The bundles by their concrete kinds (ours is a resource bundle, the validation library's a
     * static source): asking for every MessageSource would ask for this one and the composite too.
     */
    Messages(List<ResourceBundleMessageSource> files, List<StaticMessageSource> libraries) {
        List<AbstractMessageSource> ordered = new ArrayList<>(files);
        ordered.addAll(libraries);
        OrderUtil.sort(ordered);
        this.bundles = List.copyOf(ordered);
    }

    @Override
    public Optional<String> getRawMessage(String code, MessageContext context) {
        for (MessageSource bundle : bundles) {
            Optional<String> text = bundle.getRawMessage(code, context);
            if (text.isPresent()) {
                return text;
            }
        }
        return Optional.empty();
    }

    @Override
    public String interpolate(String template, MessageContext context) {
        return replace(template, context.getVariables());
    }

    /**
     * The same texts for a reader that fills the placeholders itself (Thymeleaf's resolver asks for
     * the message and then interpolates it again): its {@code getMessage} gives the raw text.
     */
    MessageSource raw() {
        Messages all = this;
        return new MessageSource() {
            @Override
            public Optional<String> getMessage(String code, MessageContext context) {
                return all.getRawMessage(code, context);
            }

            @Override
            public Optional<String> getRawMessage(String code, MessageContext context) {
                return all.getRawMessage(code, context);
            }

            @Override
            public String interpolate(String template, MessageContext context) {
                return all.interpolate(template, context);
            }
        };
    }

    /** A raw message with {@code {0}}, {@code {1}}… replaced by {@code values} in one pass. */
    public static String format(String template, Object... values) {
        Map<String, Object> byIndex = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            byIndex.put(Integer.toString(i), values[i]);
        }
        return replace(template, byIndex);
    }

    /** {@code {key}} replaced by {@code values.get(key)} where there is one, left as it is where not. */
    static String replace(String template, Map<String, Object> values) {
        if (template.indexOf('{') < 0) {
            return template;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 16);
        while (m.find()) {
            Object value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : String.valueOf(value)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
