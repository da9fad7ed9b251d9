package io.hammer.engine.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

/** Who holds the orders' topic in the engines' consumer group, as the broker sees it. */
final class GroupOwners {
    static final String GROUP = "hammer-consumers";
    static final String TOPIC = "messages";

    private GroupOwners() {
    }

    /** The members (by static instance id) that own partitions of the orders' topic, and how many each. */
    static Map<String, Integer> of(Admin admin) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
        Map<String, Integer> owners = new HashMap<>();
        group.members().forEach(m -> {
            int owned = (int) m.assignment().topicPartitions().stream().filter(p -> p.topic().equals(TOPIC)).count();
            if (owned > 0) {
                owners.put(m.groupInstanceId().orElse(m.consumerId()), owned);
            }
        });
        return owners;
    }
}
