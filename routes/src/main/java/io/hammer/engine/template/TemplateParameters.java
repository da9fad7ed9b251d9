package io.hammer.engine.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.backup.BackupPaths;
import io.hammer.engine.replay.ReplaySchedule;
import io.hammer.engine.run.InvalidRunException;
import io.hammer.engine.run.RunSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.springframework.stereotype.Component;

/**
 * The type of each template parameter, and the check of a user's value against it before Camel sees
 * it. Camel resolves a template's {@code {{param}}} and then resolves the value again as a property
 * placeholder, so a value such as {@code {{env:HAMMER_PASSWORD}}} would read the environment: no value
 * may hold {@code {{} or {@code }}}, and each must be what its type says. A refused value is a 400
 * naming the parameter. Parameters not listed here are free text (without placeholders).
 */
@Component
public class TemplateParameters {
    /** The declared types, by parameter name (the same name means the same thing in every template). */
    static final Map<String, Type> TYPES = Map.of(
            "runId", Type.RUN_ID,
            "sourceRun", Type.RUN_ID,
            "routeId", Type.RUN_ID,
            "topic", Type.TOPIC,
            "destination", Type.BACKUP_PATH,
            "location", Type.BACKUP_PATH,
            "speed", Type.SPEED,
            "rateProfile", Type.JSON);

    enum Type { RUN_ID, TOPIC, BACKUP_PATH, SPEED, JSON, TEXT }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BackupPaths backupPaths;

    public TemplateParameters(BackupPaths backupPaths) {
        this.backupPaths = backupPaths;
    }

    /** The values as Camel may take them (JSON re-spaced so that it holds no "{{" or "}}"); 400 on the first bad one. */
    public Map<String, String> check(Map<String, String> values) {
        Map<String, String> checked = new LinkedHashMap<>();
        values.forEach((name, value) -> checked.put(name, value == null ? null : check(name, value.trim())));
        return checked;
    }

    private String check(String name, String value) {
        Type type = TYPES.getOrDefault(name, Type.TEXT);
        if (type == Type.JSON) {
            return json(name, value);
        }
        if (placeholder(value)) {
            throw noPlaceholders(name);
        }
        switch (type) {
            case RUN_ID -> {
                if (!value.isEmpty() && !RunSpec.isValidRunId(value)) {
                    throw refused(name, "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
                }
            }
            case TOPIC -> {
                try {
                    Topic.validate(value);
                } catch (InvalidTopicException e) {
                    throw refused(name, "is not a legal Kafka topic name: " + e.getMessage());
                }
            }
            case BACKUP_PATH -> backupPaths.confine(name, value);
            case SPEED -> ReplaySchedule.speed(value);
            default -> {
                // free text: no placeholders is all
            }
        }
        return value;
    }

    /** JSON text without placeholders in its strings, written back compactly with a space between doubled braces. */
    private static String json(String name, String value) {
        if (value.isEmpty()) {
            return value;
        }
        String compact;
        try {
            JsonNode node = JSON.readTree(value);
            if (node == null || !(node.isObject() || node.isArray())) {
                throw refused(name, "must be JSON (an object or an array)");
            }
            if (holdsPlaceholder(node)) {
                throw noPlaceholders(name);
            }
            compact = JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw refused(name, "must be JSON (an object or an array)");
        }
        while (compact.contains("{{") || compact.contains("}}")) {
            compact = compact.replace("{{", "{ {").replace("}}", "} }");
        }
        return compact;
    }

    private static boolean holdsPlaceholder(JsonNode node) {
        if (node.isTextual()) {
            return placeholder(node.textValue());
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (placeholder(field.getKey()) || holdsPlaceholder(field.getValue())) {
                    return true;
                }
            }
        }
        for (JsonNode element : node.isArray() ? node : JSON.createArrayNode()) {
            if (holdsPlaceholder(element)) {
                return true;
            }
        }
        return false;
    }

    private static boolean placeholder(String text) {
        return text.contains("{{") || text.contains("}}");
    }

    private static InvalidRunException noPlaceholders(String name) {
        return refused(name, "must not contain '{{' or '}}' (values are data, not property placeholders)");
    }

    private static InvalidRunException refused(String name, String problem) {
        return new InvalidRunException(400, name + " " + problem);
    }
}
