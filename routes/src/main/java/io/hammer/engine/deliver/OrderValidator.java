package io.hammer.engine.deliver;

import static io.hammer.engine.run.OrderFields.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.HammerProperties;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/**
 * The consumer's check of each message before it goes to the target: size, UTF-8, JSON, required
 * fields and their types and ranges. Failures carry a reason category and a readable detail.
 */
@Component("orderValidator")
public class OrderValidator {
    private final ObjectMapper json;
    private final int maxOrderBytes;

    public OrderValidator(ObjectMapper json, HammerProperties properties) {
        this.json = json;
        this.maxOrderBytes = properties.consumer().maxOrderBytes();
    }

    public void validate(@Body byte[] message) throws InvalidOrderException {
        if (message == null || message.length == 0) {
            throw new InvalidOrderException("malformed-json", "empty message");
        }
        if (message.length > maxOrderBytes) {
            throw new InvalidOrderException("oversize", "message of " + message.length + " bytes exceeds the limit of "
                    + maxOrderBytes + " bytes");
        }
        checkUtf8(message);
        JsonNode order;
        try {
            order = json.readTree(message);
        } catch (JsonProcessingException e) {
            throw new InvalidOrderException("malformed-json", "malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidOrderException("malformed-json", "unreadable message: " + e.getMessage());
        }
        if (order == null || !order.isObject()) {
            throw new InvalidOrderException("malformed-json", "an order must be a JSON object");
        }
        text(order, CL_ORD_ID);
        text(order, SYMBOL);
        text(order, ACCOUNT);
        oneOf(order, SIDE, SIDES);
        String type = oneOf(order, ORDER_TYPE, ORDER_TYPES);
        oneOf(order, TIME_IN_FORCE_FIELD, TIME_IN_FORCE);
        JsonNode quantity = required(order, QUANTITY);
        if (!quantity.canConvertToLong() || !quantity.isIntegralNumber() || quantity.longValue() <= 0) {
            throw new InvalidOrderException("invalid-field", QUANTITY + " must be a positive integer, was " + quantity);
        }
        JsonNode price = order.get(PRICE);
        if ("LIMIT".equals(type) && price == null) {
            throw new InvalidOrderException("missing-field", "a LIMIT order needs a " + PRICE);
        }
        if (price != null && (!price.isNumber() || price.decimalValue().signum() <= 0)) {
            throw new InvalidOrderException("invalid-field", PRICE + " must be a positive number, was " + price);
        }
    }

    private static void checkUtf8(byte[] message) throws InvalidOrderException {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message));
        } catch (CharacterCodingException e) {
            throw new InvalidOrderException("invalid-utf8", "message is not valid UTF-8: " + e);
        }
    }

    private static JsonNode required(JsonNode order, String field) throws InvalidOrderException {
        JsonNode value = order.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidOrderException("missing-field", "required field " + field + " is missing");
        }
        return value;
    }

    private static String text(JsonNode order, String field) throws InvalidOrderException {
        JsonNode value = required(order, field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidOrderException("invalid-field", field + " must be a non-empty string, was " + value);
        }
        return value.asText();
    }

    private static String oneOf(JsonNode order, String field, Set<String> allowed) throws InvalidOrderException {
        String value = text(order, field);
        if (!allowed.contains(value)) {
            throw new InvalidOrderException("invalid-field", field + " must be one of " + allowed + ", was " + value);
        }
        return value;
    }
}
