package io.hammer.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.embedded.RedisServer;

/** A real Redis server (embedded-redis ships the binary) on a free port, for tests of Redis logic without the engine. */
public final class TestRedis implements AutoCloseable {
    private final RedisServer server;
    private final LettuceConnectionFactory connections;

    public TestRedis() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").build();
        server.start();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        connections.afterPropertiesSet();
        connections.start();
    }

    public StringRedisTemplate template() {
        StringRedisTemplate template = new StringRedisTemplate(connections);
        template.afterPropertiesSet();
        return template;
    }

    @Override
    public void close() {
        connections.destroy();
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
