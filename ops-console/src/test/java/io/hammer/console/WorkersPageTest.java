package io.hammer.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The workers page in local mode, on the engine that serves it: the producer and consumer groups,
 * the consumer group as Kafka sees it, and scaling the consumers to 0 and back.
 */
class WorkersPageTest extends ConsoleTestSupport {

    @Test
    void theWorkersPageShowsBothGroupsAndTheConsumerGroupsMembersAndScalesConsumers() throws Exception {
        String page = awaitPage("<code>hammer-consumers</code>");
        assertThat(page).contains("id=\"group-producer\"").contains("id=\"group-consumer\"")
                .contains("id=\"members\"").contains("id=\"partitions\"").doesNotContain("Kafka did not answer");

        try {
            assertThat(form("/workers/consumer/scale", "replicas=0").statusCode()).isEqualTo(302);
            assertThat(groupRow(get())).contains("<td class=\"num\">0</td>");

            HttpResponse<String> two = form("/workers/consumer/scale", "replicas=2");
            assertThat(two.statusCode()).isEqualTo(400);
            assertThat(two.body()).contains("local mode runs one instance of each group");
        } finally {
            assertThat(form("/workers/consumer/scale", "replicas=1").statusCode()).isEqualTo(302);
        }
        assertThat(groupRow(get())).contains("<td class=\"num\">1</td>");
    }

    /** The page once the consumer group has a member (the consume route joins it at start-up). */
    private String awaitPage(String expected) throws Exception {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        String page = get();
        while (!(page.contains(expected) && page.contains("id=\"members\"")) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            page = get();
        }
        return page;
    }

    private String get() throws Exception {
        HttpResponse<String> response = call("GET", "/workers", null, null, VIEWER, VIEWER_PASSWORD);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String groupRow(String page) {
        int start = page.indexOf("id=\"group-consumer\"");
        assertThat(start).isPositive();
        return page.substring(start, page.indexOf("</tr>", start));
    }
}
