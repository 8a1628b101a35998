package vn.hailong.system;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

@Factory
class MessagesFactory {

    /**
     * Page text lives in i18n/messages_{vi,en}.properties; everything reads it through
     * {@link Messages}, which takes it before any library's bundle.
     */
    @Singleton
    ResourceBundleMessageSource messageBundle() {
        return new ResourceBundleMessageSource("i18n.messages", io.micronaut.core.order.Ordered.HIGHEST_PRECEDENCE);
    }
}
