package io.hammer.engine.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.HammerProperties;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** Reads a run's figures from Anvil's admin API, when the target is Anvil. */
@Component
public class SinkStats {
    private static final Logger log = LoggerFactory.getLogger(SinkStats.class);
    private final RestClient client;
    private final boolean enabled;
    private final ObjectMapper json;

    public SinkStats(HammerProperties properties, RestClient.Builder builder, ObjectMapper json) {
        this.json = json;
        HammerProperties.Target target = properties.target();
        this.enabled = target.adminUrl() != null && !target.adminUrl().isBlank();
        this.client = builder.baseUrl(enabled ? target.adminUrl() : "http://localhost")
                .defaultHeaders(headers -> {
                    if (target.adminPassword() != null && !target.adminPassword().isBlank()) {
                        headers.setBasicAuth(target.adminUsername(), target.adminPassword());
                    }
                })
                .defaultHeader(HttpHeaders.ACCEPT, "application/json")
                .build();
    }

    /** The sink's {distinct, duplicates, ...} for the run; empty when the target is not Anvil or did not answer. */
    public Optional<JsonNode> forRun(String runId) {
        if (!enabled) {
            return Optional.empty();
        }
        try {
            // Read as text and parsed with Hammer's (Jackson 2) mapper: RestClient's converters are Jackson 3's.
            String body = client.get().uri("/admin/stats?runId={run}", runId).retrieve().body(String.class);
            return Optional.ofNullable(body == null ? null : json.readTree(body));
        } catch (RuntimeException | java.io.IOException e) {
            log.warn("Could not read the sink's figures for run {}: {}", runId, e.toString());
            return Optional.empty();
        }
    }
}
