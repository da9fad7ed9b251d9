package io.hammer.engine.stage;

import static io.hammer.engine.run.OrderFields.CL_ORD_ID;
import static io.hammer.engine.run.OrderFields.RUN_ID;
import static io.hammer.engine.run.OrderFields.SEQ;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.hammer.engine.run.OrderFields;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives a recorded order the identity of its place in a new run: {@code runId}, {@code seq},
 * {@code clOrdId} and {@code ID} (both {@link OrderFields#clOrdId}). Only the values of those four
 * top-level fields are replaced, splicing bytes, so everything else (field order, number formats,
 * spacing) stays byte for byte. A missing identity field is appended at the end of the object.
 */
public final class OrderRewriter {
    /** The original payload's id field, which Hammer keeps equal to clOrdId. */
    public static final String ID = "ID";
    private static final JsonFactory JSON = new JsonFactory();

    private OrderRewriter() {
    }

    /** @throws IllegalArgumentException when the order is not a JSON object */
    public static byte[] rewrite(byte[] order, String runId, long seq) {
        String clOrdId = OrderFields.clOrdId(runId, seq);
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ID, quoted(clOrdId));
        values.put(CL_ORD_ID, quoted(clOrdId));
        values.put(RUN_ID, quoted(runId));
        values.put(SEQ, Long.toString(seq));
        List<long[]> spans = new ArrayList<>();
        List<String> replacements = new ArrayList<>();
        long end;
        boolean empty = true; // {} takes no comma before an appended field
        try (JsonParser parser = JSON.createParser(order)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                empty = false;
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                String replacement = values.remove(field);
                if (replacement != null && !value.isScalarValue()) {
                    throw new IllegalArgumentException("field " + field + " holds an object or array, not a value");
                }
                if (replacement != null) {
                    long start = parser.currentTokenLocation().getByteOffset();
                    parser.getText(); // finishes the token, so that the location below is its end
                    spans.add(new long[] {start, parser.currentLocation().getByteOffset()});
                    replacements.add(replacement);
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            end = parser.currentTokenLocation().getByteOffset();
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(order.length + 64);
        int from = 0;
        for (int i = 0; i < spans.size(); i++) {
            out.write(order, from, (int) spans.get(i)[0] - from);
            out.writeBytes(replacements.get(i).getBytes(StandardCharsets.UTF_8));
            from = (int) spans.get(i)[1];
        }
        out.write(order, from, (int) end - from);
        StringBuilder missing = new StringBuilder();
        for (Map.Entry<String, String> field : values.entrySet()) {
            missing.append(empty && missing.isEmpty() ? "" : ",").append(quoted(field.getKey())).append(':').append(field.getValue());
        }
        out.writeBytes(missing.toString().getBytes(StandardCharsets.UTF_8));
        out.write(order, (int) end, order.length - (int) end);
        return out.toByteArray();
    }

    private static String quoted(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }
}
