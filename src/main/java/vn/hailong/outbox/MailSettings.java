package vn.hailong.outbox;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * SMTP settings (HAILONG_SMTP_HOST, _PORT, _USERNAME, _PASSWORD, _TLS, HAILONG_MAIL_FROM). No host:
 * e-mail is off, and nothing about it affects readiness.
 */
@Singleton
class MailSettings {

    enum Tls { NONE, STARTTLS, TLS }

    final String host;
    final int port;
    final String username;
    final String password;
    final Tls tls;
    final String from;

    MailSettings(@Value("${hailong.mail.smtp-host:}") String host,
                 @Value("${hailong.mail.smtp-port:25}") int port,
                 @Value("${hailong.mail.smtp-username:}") String username,
                 @Value("${hailong.mail.smtp-password:}") String password,
                 @Value("${hailong.mail.smtp-tls:none}") String tls,
                 @Value("${hailong.mail.from:}") String from) {
        this.host = host.trim();
        this.port = port;
        this.username = username;
        this.password = password;
        this.tls = Tls.valueOf(tls.trim().toUpperCase(java.util.Locale.ROOT));
        this.from = from.isBlank() ? "hailong@localhost" : from.trim();
    }

    boolean enabled() {
        return !host.isEmpty();
    }
}
