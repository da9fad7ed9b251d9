package io.hammer.engine.run;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The identifying fields of an order, read with a streaming parser that stops as soon as it has
 * them: the producer needs the Kafka key and sequence number without paying for a full parse.
 * Fields it cannot read stay null; judging the order is the validator's job.
 */
public record OrderKeys(String clOrdId, String runId, Long seq) {
    private static final JsonFactory JSON = new JsonFactory();

    public static OrderKeys read(byte[] order) {
        String clOrdId = null;
        String runId = null;
        Long seq = null;
        try (JsonParser parser = JSON.createParser(order)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new OrderKeys(null, null, null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME && (clOrdId == null || runId == null || seq == null)) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case OrderFields.CL_ORD_ID -> clOrdId = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case OrderFields.RUN_ID -> runId = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case OrderFields.SEQ -> seq = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Malformed: keep what was read before the fault.
        }
        return new OrderKeys(clOrdId, runId, seq);
    }
}
