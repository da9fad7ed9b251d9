package io.hammer.anvil;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What Anvil needs to know of an order: its id (Hammer's {@code clOrdId}, or the original payload's
 * {@code ID}) and its run. Reading it checks the whole document is one well-formed JSON object,
 * with a streaming parser: no tree is built for orders that are only counted and stored.
 */
public record ReceivedOrder(String orderId, String runId) {
    /** Orders that name no run are counted under this run id. */
    public static final String NO_RUN = "none";
    private static final JsonFactory JSON = new JsonFactory();

    public static ReceivedOrder read(byte[] body) throws MalformedOrderException {
        if (body.length == 0) {
            throw new MalformedOrderException("empty request body: expected an order as a JSON object");
        }
        String clOrdId = null;
        String id = null;
        String runId = null;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedOrderException("an order must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                String text = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                switch (field) {
                    case "clOrdId" -> clOrdId = text;
                    case "ID" -> id = text;
                    case "runId" -> runId = text;
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new MalformedOrderException("unexpected content after the order's closing brace");
            }
        } catch (IOException e) {
            throw new MalformedOrderException("malformed JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        String orderId = clOrdId != null && !clOrdId.isBlank() ? clOrdId : id;
        if (orderId == null || orderId.isBlank()) {
            throw new MalformedOrderException("the order has no id: expected a non-empty string field clOrdId or ID");
        }
        return new ReceivedOrder(orderId, runId == null || runId.isBlank() ? NO_RUN : runId);
    }

    /** A request body that is not an order Anvil can accept. */
    public static class MalformedOrderException extends Exception {
        public MalformedOrderException(String message) {
            super(message);
        }
    }
}
