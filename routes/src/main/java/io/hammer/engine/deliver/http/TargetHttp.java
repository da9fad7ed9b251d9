package io.hammer.engine.deliver.http;

import io.hammer.engine.HammerProperties;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.stereotype.Component;

/**
 * The deliver route's HTTP step: POSTs the order's bytes to the target with Vert.x's web client,
 * asynchronously, so hundreds of requests are in flight without a thread each. A 2xx answer
 * completes the exchange; any other status fails it with Camel's {@link HttpOperationFailedException},
 * which the dead-letter policy reads (4xx at once, 5xx after retries); a timeout or connection error
 * fails it with its own exception (retried). This does what {@code camel-vertx-http} did: that
 * component has no 4.22 release on this project's Maven mirror (README, "Platform").
 */
@Component("targetHttp")
public class TargetHttp extends AsyncProcessorSupport {
    private final Vertx vertx;
    private final WebClient client;
    private final URI orders;
    private final long timeoutMs;

    public TargetHttp(HammerProperties properties) {
        HammerProperties.Target target = properties.target();
        this.orders = URI.create(target.url().replaceAll("/+$", "") + "/orders");
        this.timeoutMs = target.timeoutMs();
        this.vertx = Vertx.vertx();
        // One pool of keep-alive connections to the target, shared by every delivery. Vert.x defaults
        // to 5 connections per host, far too few to keep hundreds of requests in flight.
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setMaxPoolSize(target.connections())
                .setMaxWaitQueueSize(-1)
                .setConnectTimeout((int) target.timeoutMs())
                .setUserAgent("hammer"));
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null) {
            exchange.setException(new IllegalArgumentException("order has no body"));
            callback.done(true);
            return true;
        }
        client.postAbs(orders.toString())
                .timeout(timeoutMs)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(body))
                .onComplete(result -> {
                    try {
                        if (result.failed()) {
                            exchange.setException(result.cause());
                        } else {
                            answer(exchange, result.result());
                        }
                    } finally {
                        callback.done(false);
                    }
                });
        return false;
    }

    private void answer(Exchange exchange, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        String text = response.bodyAsString();
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (status >= 200 && status < 300) {
            message.setBody(text);
            return;
        }
        Map<String, String> headers = response.headers().entries().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (first, second) -> first));
        exchange.setException(new HttpOperationFailedException(orders.toString(), status,
                response.statusMessage(), response.getHeader("Location"), headers, text));
    }

    @Override
    protected void doStop() {
        client.close();
        vertx.close();
    }
}
