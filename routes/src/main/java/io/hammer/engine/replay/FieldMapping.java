package io.hammer.engine.replay;

import static io.hammer.engine.run.OrderFields.*;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hammer.engine.run.InvalidRunException;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which fields of a foreign message make a Hammer order: {@code target=source} pairs separated by
 * commas, where source is a dotted path into the message ({@code instrument.ticker}) or a constant
 * in single quotes ({@code timeInForce='DAY'}). Target {@code seq} gives the source's sequence
 * number for sequence ranges; the new run's own {@code runId}, {@code seq}, {@code clOrdId} and
 * {@code ID} are always set by the replay.
 */
final class FieldMapping {
    private static final Set<String> RESERVED = Set.of(RUN_ID, CL_ORD_ID, "ID");
    /** The order's fields in the generator's order; other targets follow in mapping order. */
    private static final List<String> ORDER = List.of(SYMBOL, SIDE, QUANTITY, PRICE, ORDER_TYPE, TIME_IN_FORCE_FIELD, ACCOUNT);
    /** Exact decimals: a price of 187.20 stays 187.20. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final Map<String, String> sources;

    private FieldMapping(Map<String, String> sources) {
        this.sources = sources;
    }

    static FieldMapping parse(String mapping) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String pair : mapping.split(",")) {
            String[] parts = pair.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new InvalidRunException(400, "mapping: expected target=source, was '" + pair.trim() + "'");
            }
            String target = parts[0].trim();
            if (RESERVED.contains(target)) {
                throw new InvalidRunException(400, "mapping: " + target + " is set by the replay for the new run; map the"
                        + " source's id to another name, e.g. sourceId=" + parts[1].trim());
            }
            sources.put(target, parts[1].trim());
        }
        return new FieldMapping(sources);
    }

    JsonNode read(byte[] message) {
        try {
            JsonNode node = JSON.readTree(message);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
    }

    /** The source's sequence number, when the mapping names one and the message has it. */
    Long seq(JsonNode message) {
        JsonNode seq = value(message, SEQ);
        return seq != null && seq.canConvertToLong() ? seq.asLong() : null;
    }

    boolean mapsSeq() {
        return sources.containsKey(SEQ);
    }

    /** The order made of {@code message} as order {@code seq} of run {@code runId}. */
    byte[] order(JsonNode message, String runId, long seq, long timestamp) {
        ObjectNode order = JSON.createObjectNode();
        String clOrdId = clOrdId(runId, seq);
        order.set("Name", valueOr(message, "Name", "hammer"));
        order.put("ID", clOrdId);
        order.set("Time", valueOr(message, "Time", Instant.ofEpochMilli(timestamp).toString()));
        order.set("Data", valueOr(message, "Data", ""));
        order.set("Eventname", valueOr(message, "Eventname", "NewOrderSingle"));
        order.put(CL_ORD_ID, clOrdId);
        order.put(RUN_ID, runId);
        order.put(SEQ, seq);
        for (String field : ORDER) {
            JsonNode value = value(message, field);
            if (value != null) {
                order.set(field, value);
            }
        }
        sources.keySet().stream()
                .filter(field -> !ORDER.contains(field) && !order.has(field) && !SEQ.equals(field))
                .forEach(field -> {
                    JsonNode value = value(message, field);
                    if (value != null) {
                        order.set(field, value);
                    }
                });
        try {
            return JSON.writeValueAsBytes(order);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode valueOr(JsonNode message, String field, String otherwise) {
        JsonNode value = value(message, field);
        return value != null ? value : JSON.getNodeFactory().textNode(otherwise);
    }

    /** The value mapped to {@code target}, or null when unmapped or absent from the message. */
    private JsonNode value(JsonNode message, String target) {
        String source = sources.get(target);
        if (source == null) {
            return null;
        }
        if (source.length() >= 2 && source.startsWith("'") && source.endsWith("'")) {
            return JSON.getNodeFactory().textNode(source.substring(1, source.length() - 1));
        }
        JsonNode node = message;
        for (String step : source.split("\\.")) {
            node = node.path(step);
        }
        return node.isMissingNode() || node.isNull() ? null : node;
    }
}
