package vn.hailong.system;

import io.micronaut.context.MessageSource;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

@Factory
class MessagesFactory {

    /** Page text lives in i18n/messages_{vi,en}.properties; Thymeleaf reads it through this. */
    @Singleton
    MessageSource messageSource() {
        return new ResourceBundleMessageSource("i18n.messages");
    }
}
