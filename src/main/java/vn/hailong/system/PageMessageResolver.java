package vn.hailong.system;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.views.thymeleaf.MessageSourceMessageResolver;
import jakarta.inject.Singleton;

/**
 * Thymeleaf's {@code #{key(args)}} through {@link Messages}, placeholders filled once: the views
 * library's resolver interpolates the message it was given a second time, so it is given the raw
 * text ({@link Messages#raw()}).
 */
@Singleton
@Replaces(MessageSourceMessageResolver.class)
class PageMessageResolver extends MessageSourceMessageResolver {

    PageMessageResolver(Messages messages) {
        super(messages.raw());
    }
}
