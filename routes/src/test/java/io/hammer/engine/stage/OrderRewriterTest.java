package io.hammer.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hammer.engine.generate.OrderGenerator;
import io.hammer.engine.run.RunSpec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OrderRewriterTest {

    @Test
    void onlyTheIdentityFieldsChangeAndEverythingElseKeepsItsBytes() {
        String order = "{\"Name\":\"x\", \"ID\":\"old-000000000007\",\"price\":187.20,\"clOrdId\":\"old-000000000007\","
                + "\"runId\":\"old\",\"seq\":7,\"note\":\"caf\u00e9 \\\"q\\\"\",\"qty\":1.50E2}";
        String rewritten = text(OrderRewriter.rewrite(bytes(order), "new", 1));
        assertThat(rewritten).isEqualTo("{\"Name\":\"x\", \"ID\":\"new-000000000001\",\"price\":187.20,"
                + "\"clOrdId\":\"new-000000000001\",\"runId\":\"new\",\"seq\":1,\"note\":\"caf\u00e9 \\\"q\\\"\",\"qty\":1.50E2}");
    }

    @Test
    void aGeneratedOrderRewrittenToItsOwnIdentityIsUnchanged() {
        RunSpec spec = new RunSpec("run-a", 10, 5L, null).withDefaults();
        byte[] order = new OrderGenerator().order(spec, 9);
        assertThat(OrderRewriter.rewrite(order, "run-a", 9)).isEqualTo(order);
        assertThat(text(OrderRewriter.rewrite(order, "run-b", 3)))
                .isEqualTo(text(order).replace("run-a-000000000009", "run-b-000000000003")
                        .replace("\"runId\":\"run-a\"", "\"runId\":\"run-b\"").replace("\"seq\":9", "\"seq\":3"));
    }

    @Test
    void missingIdentityFieldsAreAppended() {
        assertThat(text(OrderRewriter.rewrite(bytes("{\"symbol\":\"A\"}"), "r", 2)))
                .isEqualTo("{\"symbol\":\"A\",\"ID\":\"r-000000000002\",\"clOrdId\":\"r-000000000002\",\"runId\":\"r\",\"seq\":2}");
        assertThat(text(OrderRewriter.rewrite(bytes(" { } "), "r", 1)))
                .isEqualTo(" { \"ID\":\"r-000000000001\",\"clOrdId\":\"r-000000000001\",\"runId\":\"r\",\"seq\":1} ");
    }

    @Test
    void somethingThatIsNotAJsonObjectIsRefused() {
        assertThatThrownBy(() -> OrderRewriter.rewrite(bytes("[1,2]"), "r", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderRewriter.rewrite(bytes("{\"a\":"), "r", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderRewriter.rewrite(bytes("{\"seq\":{}}"), "r", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
