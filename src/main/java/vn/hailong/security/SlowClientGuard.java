package vn.hailong.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes HTTP/1.1 connections of clients that are slow on purpose or by accident, so that they
 * cannot hold connections (and memory) forever (docs/security.md, "Timeouts"):
 * <ul>
 *   <li>a connection with no request for {@code micronaut.server.read-idle-timeout}
 *       ({@code HAILONG_READ_IDLE_TIMEOUT}, 30 s), after it opened or after its last answer;</li>
 *   <li>a request whose line and headers have not all arrived within {@code hailong.server.header-timeout}
 *       ({@code HAILONG_HEADER_TIMEOUT}, 10 s) of its first byte — one header line every few seconds
 *       (slowloris) never trips a "nothing read for N seconds" timeout;</li>
 *   <li>a request (headers and body) not complete within {@code hailong.server.request-read-timeout}
 *       ({@code HAILONG_REQUEST_READ_TIMEOUT}, 60 s), or from which nothing arrives for the read-idle
 *       timeout;</li>
 *   <li>a client that does not read its answer for {@code micronaut.server.write-idle-timeout}.</li>
 * </ul>
 * Needed because Micronaut's own handler closes a connection only when it is idle in both
 * directions for {@code micronaut.server.idle-timeout} and ignores the read and write idle events:
 * before this class, idle connections lived 60 s although 30 s was documented, and a slow-header
 * client was never closed (issue 11, red-team finding 10). A request the app is still working on
 * is not cut by the read timeouts: the client has sent everything and is waiting.
 */
@Singleton
final class SlowClientGuard implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private final long idleMillis;
    private final long headerMillis;
    private final long requestMillis;

    SlowClientGuard(@Value("${micronaut.server.read-idle-timeout:30s}") Duration readIdle,
                    @Value("${hailong.server.header-timeout:10s}") Duration header,
                    @Value("${hailong.server.request-read-timeout:60s}") Duration request) {
        this.idleMillis = readIdle.toMillis();
        this.headerMillis = header.toMillis();
        this.requestMillis = request.toMillis();
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    private final class Customizer implements NettyServerCustomizer {
        private final Channel channel;

        Customizer(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new Customizer(channel) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            ChannelPipeline pipeline = channel == null ? null : channel.pipeline();
            if (pipeline == null || pipeline.get(CODEC) == null || pipeline.get(DECODED) != null) {
                return;   // not an HTTP/1.1 connection (HTTP/2 streams have their own limits)
            }
            Connection connection = new Connection();
            pipeline.addBefore(CODEC, RAW, connection.bytes);
            pipeline.addAfter(CODEC, DECODED, connection);
        }
    }

    private static final String CODEC = "http-server-codec";
    private static final String RAW = "hailong-slow-client-bytes";
    private static final String DECODED = "hailong-slow-client";

    /** One connection's state: all on its event loop, so no locking. */
    private final class Connection extends ChannelDuplexHandler {
        private ChannelHandlerContext ctx;
        /** The first bytes of a request came, its headers are not complete yet. */
        private boolean headers;
        /** The headers came, the body is not complete yet. */
        private boolean body;
        private long requests;
        private long answers;
        private ScheduledFuture<?> idleTimer;
        private ScheduledFuture<?> headerTimer;
        private ScheduledFuture<?> requestTimer;

        /** Sees the raw bytes before the HTTP decoder: a request starts with its first byte, not with its complete headers. */
        final ChannelInboundHandlerAdapter bytes = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext raw, Object msg) {
                if (msg instanceof ByteBuf buffer && buffer.isReadable() && waiting()) {
                    requestStarted();
                }
                raw.fireChannelRead(msg);
            }
        };

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            this.ctx = context;
            startIdle();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext context) {
            cancelAll();
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) throws Exception {
            cancelAll();
            super.channelInactive(context);
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object msg) throws Exception {
            if (msg instanceof HttpRequest) {
                if (!headers) {
                    requestStarted();   // a pipelined request whose bytes came while the previous one was handled
                }
                headers = false;
                cancel(headerTimer);
                requests++;
                body = true;
            }
            if (msg instanceof LastHttpContent) {
                body = false;
                cancel(requestTimer);
            }
            super.channelRead(context, msg);
        }

        @Override
        public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) throws Exception {
            boolean interim = msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (msg instanceof LastHttpContent && !interim) {   // a "100 Continue" is not the answer
                ChannelPromise answered = promise.unvoid();
                answered.addListener(done -> {
                    answers++;
                    if (waiting()) {
                        startIdle();
                    }
                });
                super.write(context, msg, answered);
                return;
            }
            super.write(context, msg, promise);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
            if (event instanceof IdleStateEvent idle) {
                if (idle.state() == IdleState.READER_IDLE && (headers || body)) {
                    context.close();   // stopped sending in the middle of a request
                    return;
                }
                if (idle.state() == IdleState.WRITER_IDLE && requests > answers && !context.channel().isWritable()) {
                    context.close();   // does not read its answer
                    return;
                }
            }
            super.userEventTriggered(context, event);
        }

        private boolean waiting() {
            return !headers && !body && requests <= answers;
        }

        private void requestStarted() {
            cancel(idleTimer);
            headers = true;
            headerTimer = schedule(headerMillis, () -> headers);
            requestTimer = schedule(requestMillis, () -> headers || body);
        }

        private void startIdle() {
            cancel(idleTimer);
            idleTimer = schedule(idleMillis, this::waiting);
        }

        /** Closes the connection after {@code millis} if {@code stillSo} then holds. */
        private ScheduledFuture<?> schedule(long millis, java.util.function.BooleanSupplier stillSo) {
            if (millis <= 0 || ctx == null) {
                return null;
            }
            return ctx.executor().schedule(() -> {
                if (stillSo.getAsBoolean()) {
                    ctx.close();
                }
            }, millis, TimeUnit.MILLISECONDS);
        }

        private void cancelAll() {
            cancel(idleTimer);
            cancel(headerTimer);
            cancel(requestTimer);
        }

        private static void cancel(ScheduledFuture<?> timer) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }
}
