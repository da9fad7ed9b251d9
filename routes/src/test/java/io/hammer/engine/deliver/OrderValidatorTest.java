package io.hammer.engine.deliver;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.HammerProperties;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderValidatorTest {
    private static final String GOOD = """
            {"clOrdId":"r-1","runId":"r","seq":1,"symbol":"AAPL","side":"BUY","quantity":10,"price":1.5,\
            "orderType":"LIMIT","timeInForce":"DAY","account":"A"}""";
    private final OrderValidator validator = new OrderValidator(new ObjectMapper(),
            new HammerProperties(null, null, new HammerProperties.Consumer(16, 1024, java.time.Duration.ofSeconds(30)), null, null, null));

    @Test
    void acceptsAWellFormedOrder() throws Exception {
        validator.validate(GOOD.getBytes(StandardCharsets.UTF_8));
        validator.validate(GOOD.replace("\"price\":1.5,", "").replace("LIMIT", "MARKET").getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative quantity|\"quantity\":10|\"quantity\":-5|invalid-field",
            "fractional quantity|\"quantity\":10|\"quantity\":1.5|invalid-field",
            "zero price|\"price\":1.5|\"price\":0|invalid-field",
            "price as text|\"price\":1.5|\"price\":\"1.5\"|invalid-field",
            "unknown side|\"BUY\"|\"HOLD\"|invalid-field",
            "unknown order type|\"LIMIT\"|\"STOP\"|invalid-field",
            "unknown time in force|\"DAY\"|\"WEEK\"|invalid-field",
            "missing symbol|\"symbol\":\"AAPL\",|''|missing-field",
            "limit without price|\"price\":1.5,|''|missing-field",
            "empty account|\"account\":\"A\"|\"account\":\"\"|invalid-field"})
    void rejectsWrongFields(String name, String from, String to, String reason) {
        byte[] order = GOOD.replace(from, to).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> validator.validate(order)).isInstanceOfSatisfying(InvalidOrderException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void rejectsMalformedInput() {
        assertReason("{\"clOrdId\":".getBytes(StandardCharsets.UTF_8), "malformed-json");
        assertReason("[1,2]".getBytes(StandardCharsets.UTF_8), "malformed-json");
        assertReason(new byte[0], "malformed-json");
        assertReason(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, "invalid-utf8");
        assertReason(("{\"x\":\"" + "a".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8), "oversize");
    }

    private void assertReason(byte[] message, String reason) {
        assertThatThrownBy(() -> validator.validate(message)).isInstanceOfSatisfying(InvalidOrderException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(reason));
    }
}
