package org.openintercom.cloud.api;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The installer HTTP API on the JDK's HTTP server, one virtual thread per request. */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private ApiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving {@code api}.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static ApiServer start(ApiServerConfig config, CloudApi api) {
        return start(config, api, Map.of());
    }

    /** Path of the certificate revocation list, served without authentication. */
    public static final String CRL_PATH = "/crl/issuing.crl";
    /** Path of the cloud root certificate (PEM), served without authentication. */
    public static final String ROOT_PATH = "/ca/root.crt";

    /**
     * Starts serving {@code api} plus public files (GET only, no token): path → media type and content, read
     * on every request (the CRL changes on each revocation).
     */
    public static ApiServer start(ApiServerConfig config, CloudApi api, Map<String, PublicFile> publicFiles) {
        JsonCodec json = new JsonCodec();
        Router router = Endpoints.router(api, json);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.bindAddress() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        Http http = new Http(router, api.authenticator(), json);
        server.createContext("/", http);
        api.firmware().ifPresent(firmware -> server.createContext(FirmwareUpload.PATH,
                new FirmwareUpload(http, firmware, api.authenticator(), json)));
        publicFiles.forEach((path, file) -> server.createContext(path, exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = file.content().get();
                exchange.getResponseHeaders().add("Content-Type", file.mediaType());
                exchange.getResponseHeaders().add("Cache-Control", "no-cache");
                boolean head = "HEAD".equals(exchange.getRequestMethod());
                exchange.sendResponseHeaders(200, head ? -1 : body.length);
                if (!head) {
                    exchange.getResponseBody().write(body);
                }
            }
        }));
        server.start();
        ApiServer started = new ApiServer(server, executor);
        LOG.info("Installer API listening on {}", started.baseUri());
        return started;
    }

    /** A file served without authentication: its media type and where its bytes come from. */
    public record PublicFile(String mediaType, java.util.function.Supplier<byte[]> content) {
    }

    /** The port listened on (the actual one when configured with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port}. */
    public URI baseUri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + port());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        LOG.info("Installer API stopped");
    }
}
