package dev.mercato.support;

import java.io.IOException;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/** A real redis-server (the binary embedded-redis bundles) on a free loopback port, started by the test. */
public final class EmbeddedRedis implements AutoCloseable {

    private final int port;
    private RedisServer server;

    public EmbeddedRedis() {
        this.port = freePort();
        start();
    }

    public void start() {
        server = RedisServer.builder().port(port).setting("bind 127.0.0.1").setting("save \"\"").build();
        server.start();
    }

    public void stop() {
        server.stop();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        if (server != null && server.isActive()) {
            stop();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
