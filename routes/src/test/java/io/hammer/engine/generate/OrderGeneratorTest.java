package io.hammer.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.HammerProperties;
import io.hammer.engine.deliver.OrderValidator;
import io.hammer.engine.run.PayloadSpec;
import io.hammer.engine.run.RunSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderGeneratorTest {
    private final OrderGenerator generator = new OrderGenerator();
    private final ObjectMapper json = new ObjectMapper();

    private static RunSpec spec(long seed, PayloadSpec payload) {
        return new RunSpec("gen-test", 1000, seed, payload).withDefaults();
    }

    @Test
    void sameSpecAndSeedGiveTheSameBytes() {
        RunSpec spec = spec(7, null);
        for (long seq = 1; seq <= 1000; seq++) {
            assertThat(generator.order(spec, seq)).isEqualTo(new OrderGenerator().order(spec(7, null), seq));
        }
    }

    @Test
    void anotherSeedGivesOtherOrders() {
        int same = 0;
        for (long seq = 1; seq <= 100; seq++) {
            if (java.util.Arrays.equals(generator.order(spec(7, null), seq), generator.order(spec(8, null), seq))) {
                same++;
            }
        }
        assertThat(same).isZero();
    }

    @Test
    void ordersCarryTheOriginalAndTheTradingFields() throws Exception {
        JsonNode order = json.readTree(generator.order(spec(1, null), 5));
        assertThat(order.fieldNames()).toIterable().startsWith("Name", "ID", "Time", "Data", "Eventname")
                .contains("clOrdId", "runId", "seq", "symbol", "side", "quantity", "orderType", "timeInForce", "account");
        assertThat(order.get("clOrdId").asText()).isEqualTo("gen-test-000000000005").isEqualTo(order.get("ID").asText());
        assertThat(order.get("seq").asLong()).isEqualTo(5);
        assertThat(order.get("runId").asText()).isEqualTo("gen-test");
    }

    @Test
    void payloadSettingsShapeTheOrders() throws Exception {
        PayloadSpec payload = new PayloadSpec("desk-7", "NewOrder", List.of("XYZ"), new BigDecimal("99.50"),
                new BigDecimal("100.50"), 10L, 20L, 1.0, 0.0, List.of("IOC"), 3, 8, Map.of("venue", "XLON"), null);
        RunSpec spec = spec(3, payload);
        for (long seq = 1; seq <= 500; seq++) {
            JsonNode order = json.readTree(generator.order(spec, seq));
            assertThat(order.get("Name").asText()).isEqualTo("desk-7");
            assertThat(order.get("symbol").asText()).isEqualTo("XYZ");
            assertThat(order.get("side").asText()).isEqualTo("BUY");
            assertThat(order.get("orderType").asText()).isEqualTo("LIMIT");
            assertThat(order.get("timeInForce").asText()).isEqualTo("IOC");
            assertThat(order.get("quantity").asLong()).isBetween(10L, 20L);
            assertThat(order.get("price").decimalValue()).isBetween(new BigDecimal("99.50"), new BigDecimal("100.50"));
            assertThat(order.get("price").decimalValue().scale()).isLessThanOrEqualTo(2);
            assertThat(order.get("account").asText()).isIn("ACC-0001", "ACC-0002", "ACC-0003");
            assertThat(order.get("Data").asText()).hasSize(8);
            assertThat(order.get("venue").asText()).isEqualTo("XLON");
        }
    }

    @Test
    void sideAndOrderTypeMixFollowTheRatios() throws Exception {
        RunSpec spec = spec(11, new PayloadSpec(null, null, null, null, null, null, null, 0.7, 0.2, null, null, null, null, null));
        int buys = 0;
        int markets = 0;
        for (long seq = 1; seq <= 10_000; seq++) {
            JsonNode order = json.readTree(generator.order(spec, seq));
            buys += order.get("side").asText().equals("BUY") ? 1 : 0;
            markets += order.get("orderType").asText().equals("MARKET") ? 1 : 0;
        }
        assertThat(buys).isBetween(6_700, 7_300);
        assertThat(markets).isBetween(1_800, 2_200);
    }

    @Test
    void generatedOrdersPassTheConsumersValidation() throws Exception {
        OrderValidator validator = new OrderValidator(json, new HammerProperties(null, null,
                new HammerProperties.Consumer(256, 16_384, java.time.Duration.ofSeconds(30)), null, null, null));
        RunSpec spec = spec(5, null);
        for (long seq = 1; seq <= 2_000; seq++) {
            validator.validate(generator.order(spec, seq));
        }
    }
}
