package vn.hailong.outbox;

import jakarta.inject.Singleton;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/** Sends one plain-text e-mail over SMTP (Jakarta Mail, Eclipse Angus) with {@link MailSettings}. */
@Singleton
class MailSender {

    private final MailSettings settings;
    private final Session session;

    MailSender(MailSettings settings, DeliverySettings delivery) {
        this.settings = settings;
        Properties props = new Properties();
        String protocol = settings.tls == MailSettings.Tls.TLS ? "smtps" : "smtp";
        props.put("mail.transport.protocol", protocol);
        props.put("mail." + protocol + ".host", settings.host);
        props.put("mail." + protocol + ".port", String.valueOf(settings.port));
        String timeout = String.valueOf(delivery.webhookTimeout.toMillis());
        props.put("mail." + protocol + ".connectiontimeout", timeout);
        props.put("mail." + protocol + ".timeout", timeout);
        props.put("mail." + protocol + ".writetimeout", timeout);
        if (settings.tls == MailSettings.Tls.STARTTLS) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        if (settings.tls != MailSettings.Tls.NONE) {
            props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        boolean auth = !settings.username.isBlank();
        props.put("mail." + protocol + ".auth", String.valueOf(auth));
        this.session = auth ? Session.getInstance(props, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(settings.username, settings.password);
            }
        }) : Session.getInstance(props);
    }

    boolean enabled() {
        return settings.enabled();
    }

    void send(String to, String subject, String body) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(settings.from));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setText(body, StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        Transport.send(message);
    }
}
