package io.hammer.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of the templates, a client of a running engine's REST API (the engine holds the
 * Camel context the route must run in):
 * <pre>
 *   hammer template &lt;replay|backup|restore&gt; name=value ... [--engine=URL] [--user=NAME] [--yaml]
 *   hammer templates                    the templates and their parameters
 *   hammer backups [directory]          backups with size, date, run id and order count
 * </pre>
 * The engine is {@code --engine} or {@code HAMMER_URL} (default http://localhost:8080); the password
 * is {@code HAMMER_PASSWORD}, never an argument. {@code --yaml} prints the equivalent
 * {@code templatedRoute} instead of calling the engine.
 */
public final class TemplateCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TemplateCli() {
    }

    /** @return the exit code: 0 done, 1 refused or failed, 2 bad usage */
    public static int run(String command, String[] args, Map<String, String> env, PrintStream out) throws Exception {
        String engine = env.getOrDefault("HAMMER_URL", "http://localhost:8080");
        String user = "hammer";
        boolean yaml = false;
        List<String> positional = new ArrayList<>();
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--engine=")) {
                engine = arg.substring("--engine=".length());
            } else if (arg.startsWith("--user=")) {
                user = arg.substring("--user=".length());
            } else if (arg.equals("--yaml")) {
                yaml = true;
            } else if (arg.startsWith("--")) {
                return usage(out, "unknown option " + arg);
            } else if (arg.contains("=") && !positional.isEmpty()) {
                parameters.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                positional.add(arg);
            }
        }
        String password = env.getOrDefault("HAMMER_PASSWORD", "");
        HttpRequest.Builder request;
        switch (command) {
            case "template" -> {
                if (positional.size() != 1) {
                    return usage(out, "name one template");
                }
                if (yaml) {
                    out.print(templatedRoute(positional.get(0), parameters));
                    return 0;
                }
                ObjectNode body = JSON.createObjectNode();
                parameters.forEach(body::put);
                request = HttpRequest.newBuilder(URI.create(engine + "/api/templates/" + positional.get(0)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
            }
            case "templates" -> request = HttpRequest.newBuilder(URI.create(engine + "/api/templates"));
            case "backups" -> request = HttpRequest.newBuilder(URI.create(engine + "/api/backups" + (positional.isEmpty() ? ""
                    : "?dir=" + URLEncoder.encode(positional.get(0), StandardCharsets.UTF_8))));
            default -> {
                return usage(out, "unknown command " + command);
            }
        }
        request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        out.println(pretty(response.body()));
        if (response.statusCode() == 401) {
            out.println("refused: set HAMMER_PASSWORD to the engine's password");
        }
        return response.statusCode() / 100 == 2 ? 0 : 1;
    }

    /** The same instantiation as a YAML route file. */
    static String templatedRoute(String template, Map<String, String> parameters) {
        StringBuilder yaml = new StringBuilder("- templatedRoute:\n    routeTemplateRef: ").append(template).append('\n');
        if (parameters.containsKey("routeId")) {
            yaml.append("    routeId: ").append(quoted(parameters.get("routeId"))).append('\n');
        }
        yaml.append("    parameters:\n");
        parameters.forEach((name, value) -> {
            if (!name.equals("routeId")) {
                yaml.append("      - name: ").append(name).append("\n        value: ").append(quoted(value)).append('\n');
            }
        });
        return yaml.toString();
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String pretty(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (Exception e) {
            return body;
        }
    }

    private static int usage(PrintStream out, String problem) {
        out.println(problem);
        out.println("usage: hammer template <replay|backup|restore> name=value ... [--engine=URL] [--user=NAME] [--yaml]");
        out.println("       hammer templates | hammer backups [directory]");
        out.println("The engine is --engine or HAMMER_URL (http://localhost:8080); its password HAMMER_PASSWORD.");
        return 2;
    }
}
