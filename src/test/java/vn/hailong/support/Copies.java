package vn.hailong.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.BeanRegistration;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.Closeable;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

/**
 * Whole copies of the application started by a test itself (not by {@code @MicronautTest}): several
 * at once, or one on another database. A start that fails is closed, pools included, so it does not
 * leave connections open on the shared database server.
 */
public final class Copies {

    /** Generous: the tests run on small, loaded machines. */
    public static final Duration HTTP_TIMEOUT = Duration.ofSeconds(90);

    private Copies() {
    }

    /** One running copy: its server and a client with long timeouts. */
    public record Copy(EmbeddedServer server, HttpClient client, Api api) implements AutoCloseable {
        @Override
        public void close() {
            try {
                client.close();
            } finally {
                server.getApplicationContext().close();
            }
        }
    }

    public static Copy start(Map<String, ?> properties) {
        @SuppressWarnings("unchecked")
        ApplicationContext context = ApplicationContext.builder().properties((Map<String, Object>) properties)
                .environments("test").build();
        try {
            context.start();
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            if (!server.isRunning()) {
                server.start();
            }
            DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
            configuration.setReadTimeout(HTTP_TIMEOUT);
            configuration.setConnectTimeout(Duration.ofSeconds(30));
            HttpClient client = HttpClient.create(server.getURL(), configuration);
            return new Copy(server, client, new Api(client, context.getBean(JsonMapper.class)));
        } catch (RuntimeException e) {
            closeAfterFailedStart(context);
            throw e;
        }
    }

    /** Closes every copy given (nulls skipped), each even when closing another one failed. */
    public static void closeAll(AutoCloseable... copies) throws Exception {
        Exception failure = null;
        for (AutoCloseable copy : copies) {
            if (copy == null) {
                continue;
            }
            try {
                copy.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeAfterFailedStart(ApplicationContext context) {
        try {
            for (BeanRegistration<DataSource> registration : context.getActiveBeanRegistrations(DataSource.class)) {
                DataSource dataSource = registration.getBean();
                if (dataSource.isWrapperFor(Closeable.class)) {
                    dataSource.unwrap(Closeable.class).close();
                }
            }
        } catch (RuntimeException | IOException | SQLException ignored) {
            // best effort: the start failure is what matters
        }
        context.close();
    }
}
