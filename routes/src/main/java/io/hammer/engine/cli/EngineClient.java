package io.hammer.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The engine's REST API as the command line uses it: JSON in and out, HTTP basic, errors as {@link CliException}. */
final class EngineClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final String authorization;
    private final ObjectMapper json;

    EngineClient(String url, String user, String password, ObjectMapper json) {
        this.url = url.replaceAll("/+$", "");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.json = json;
    }

    String url() {
        return url;
    }

    /** True when something answers HTTP at the engine's address (its health endpoint needs no login). */
    boolean reachable() {
        try {
            http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    JsonNode get(String path) {
        return json(send("GET", path, null));
    }

    String getText(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, Object body) {
        return json(send("POST", path, body));
    }

    JsonNode put(String path, Object body) {
        return json(send("PUT", path, body));
    }

    private String send(String method, String path, Object body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                throw new CliException("the engine refused the login: set HAMMER_PASSWORD or --password");
            }
            if (response.statusCode() >= 400) {
                throw new CliException(method + " " + path + ": " + response.statusCode() + " " + error(response.body()),
                        response.statusCode());
            }
            return response.body();
        } catch (ConnectException e) {
            throw new CliException("cannot reach the engine at " + url + " (start it, or give --url)");
        } catch (IOException e) {
            throw new CliException(method + " " + path + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private JsonNode json(String body) {
        try {
            return body == null || body.isBlank() ? json.nullNode() : json.readTree(body);
        } catch (IOException e) {
            throw new CliException("the engine answered something that is not JSON: " + e.getMessage());
        }
    }

    private String error(String body) {
        try {
            JsonNode node = json.readTree(body);
            return node.has("error") ? node.get("error").asText() : body;
        } catch (IOException e) {
            return body;
        }
    }

    /** A failure to report in one line, with exit code 2; {@code status} is the engine's HTTP status, 0 if none. */
    static final class CliException extends RuntimeException {
        private final int status;

        CliException(String message) {
            this(message, 0);
        }

        CliException(String message, int status) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
