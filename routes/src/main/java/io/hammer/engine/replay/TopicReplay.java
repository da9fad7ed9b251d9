package io.hammer.engine.replay;

import static io.hammer.engine.template.TemplateOutcomes.parameter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hammer.engine.HammerProperties;
import io.hammer.engine.kafka.KafkaClients;
import io.hammer.engine.run.InvalidRunException;
import io.hammer.engine.run.OrderFields;
import io.hammer.engine.stage.OrderRewriter;
import io.hammer.engine.stage.RunStaging;
import io.hammer.engine.stage.StagedRun;
import io.hammer.engine.template.TemplateOutcomes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.kafka.common.TopicPartition;
import org.apache.pulsar.client.api.PulsarClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The replay template's logic: reads a range of a topic and loads exactly those messages, in their
 * original order, as a new run, with the schedule of their recorded timing. The range is held in
 * memory while it is put in order, so very large ranges are better replayed in parts.
 */
@Component("topicReplay")
public class TopicReplay {
    private static final Logger log = LoggerFactory.getLogger(TopicReplay.class);

    private final RunStaging staging;
    private final TemplateOutcomes outcomes;
    private final ObjectMapper json;
    private final KafkaClients kafka;
    /** Present with hammer.queue=pulsar: the replay then reads Pulsar topics. */
    private final ObjectProvider<PulsarClient> pulsar;
    private final String pulsarNamespace;

    public TopicReplay(RunStaging staging, TemplateOutcomes outcomes, ObjectMapper json, KafkaClients kafka,
                       ObjectProvider<PulsarClient> pulsar, HammerProperties properties,
                       @Value("${hammer.pulsar.namespace}") String pulsarNamespace) {
        this.staging = staging;
        this.outcomes = outcomes;
        this.json = json;
        this.kafka = kafka;
        this.pulsar = properties.queue() == HammerProperties.Queue.PULSAR ? pulsar : null;
        this.pulsarNamespace = pulsarNamespace;
    }

    /** Called by the replay template; its parameters are the exchange's headers. */
    public Result replay(Exchange exchange) throws Exception {
        return outcomes.report(exchange, () -> replay(new Request(parameter(exchange, "runId"), parameter(exchange, "topic"),
                ReplayRange.parse(parameter(exchange, "sequences"), parameter(exchange, "offsets"), parameter(exchange, "window")),
                parameter(exchange, "sourceRun"), parameter(exchange, "mapping"),
                ReplaySchedule.speed(parameter(exchange, "speed")), parameter(exchange, "rateProfile"))));
    }

    public Result replay(Request request) {
        if (request.runId() == null || request.topic() == null) {
            throw new InvalidRunException(400, "replay needs a runId and a topic");
        }
        FieldMapping mapping = request.mapping() == null ? null : FieldMapping.parse(request.mapping());
        JsonNode rate = staging.rateProfile(request.rateProfile());
        long started = System.nanoTime();
        List<RecordedMessage> messages;
        try (StagedRun run = staging.begin(request.runId())) {
            try (TopicSource reader = open(request.topic())) {
                if (reader.isEmpty()) {
                    throw new InvalidRunException(400, "topic " + request.topic() + " holds no messages");
                }
                if (request.range() instanceof ReplayRange.Sequences s) {
                    messages = sequences(reader, s, request, mapping);
                } else if (request.range() instanceof ReplayRange.Offsets o) {
                    messages = offsets(reader, o, mapping);
                } else {
                    messages = window(reader, (ReplayRange.Window) request.range(), mapping);
                }
            }
            messages.sort(originalOrder(messages, request.range()));
            long[] offsets = request.speed() == ReplaySchedule.AS_FAST_AS_POSSIBLE ? null
                    : ReplaySchedule.offsets(messages.stream().mapToLong(RecordedMessage::timestamp).toArray(), request.speed());
            long seq = 0;
            for (RecordedMessage message : messages) {
                seq++;
                run.add(order(message, request.runId(), seq, mapping));
                if (offsets != null) {
                    run.addScheduled(offsets[(int) seq - 1]);
                }
            }
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("source", "replay of topic " + request.topic() + ", " + request.range()
                    + (request.sourceRun() == null ? "" : " of run " + request.sourceRun()));
            fields.put("schedule", offsets == null ? "none" : "us");
            if (offsets != null) {
                fields.put("scheduleSpeed", Double.toString(request.speed()));
            }
            if (request.rateProfile() != null) {
                fields.put("rateProfile", request.rateProfile());
            }
            ObjectNode spec = json.createObjectNode();
            if (rate != null) {
                spec.set("rate", rate);
            } else if (offsets != null && offsets.length > 0) {
                // No rate given: the run follows its recorded timing, scaled by the speed factor.
                spec.set("rate", json.valueToTree(ReplaySchedule.rate(offsets)));
            }
            run.promote(spec, fields);
            log.info("Run {}: replayed {} messages of topic {} ({}) in {} ms", request.runId(), messages.size(),
                    request.topic(), request.range(), (System.nanoTime() - started) / 1_000_000);
            return new Result(request.runId(), messages.size(), request.topic(), request.range().toString(),
                    offsets == null ? null : request.speed());
        }
    }

    private List<RecordedMessage> sequences(TopicSource reader, ReplayRange.Sequences range, Request request, FieldMapping mapping) {
        if (mapping != null && !mapping.mapsSeq()) {
            throw new InvalidRunException(400, "a sequence range of foreign messages needs the mapping to name their seq field"
                    + " (seq=...); otherwise give offsets or a time window");
        }
        Map<TopicPartition, long[]> all = new HashMap<>();
        reader.partitions().forEach(p -> all.put(p, new long[] {reader.beginning(p), reader.end(p)}));
        // Per run: the sequence numbers it holds, and the first message of each in the range.
        Map<String, long[]> spans = new TreeMap<>();
        Map<String, Map<Long, RecordedMessage>> inRange = new TreeMap<>();
        reader.read(all, record -> {
            RecordedMessage message = recorded(record, mapping);
            if (message.seq() == null || (request.sourceRun() != null && !request.sourceRun().equals(message.run()))) {
                return;
            }
            String run = String.valueOf(message.run());
            long[] span = spans.computeIfAbsent(run, r -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            span[0] = Math.min(span[0], message.seq());
            span[1] = Math.max(span[1], message.seq());
            if (message.seq() >= range.from() && message.seq() <= range.to()) {
                // A message sent twice (a re-sent chunk) is one order: keep its first copy.
                inRange.computeIfAbsent(run, r -> new HashMap<>()).putIfAbsent(message.seq(), message);
            }
        });
        if (spans.isEmpty()) {
            throw new InvalidRunException(400, "topic " + request.topic() + " holds no messages with sequence numbers"
                    + (request.sourceRun() == null ? " (hammer-seq header" + (mapping != null ? " or mapped seq field" : "") + ")"
                    : " of run " + request.sourceRun()) + "; " + reader.describeOffsets());
        }
        if (inRange.size() > 1) {
            throw new InvalidRunException(400, "sequences " + range.from() + "-" + range.to() + " of topic " + request.topic()
                    + " belong to several runs " + inRange.keySet() + ": set sourceRun to one of them");
        }
        String run = inRange.isEmpty() ? spans.keySet().iterator().next() : inRange.keySet().iterator().next();
        long[] span = spans.get(run);
        Map<Long, RecordedMessage> found = inRange.getOrDefault(run, Map.of());
        long wanted = range.to() - range.from() + 1;
        if (range.from() < span[0] || range.to() > span[1] || found.size() != wanted) {
            throw new InvalidRunException(400, "sequences " + range.from() + "-" + range.to() + " are outside topic "
                    + request.topic() + ", which holds sequence numbers " + describeSpans(spans)
                    + (found.size() != wanted && range.from() >= span[0] && range.to() <= span[1]
                    ? "; " + (wanted - found.size()) + " of the range are missing" : ""));
        }
        return new ArrayList<>(found.values());
    }

    private List<RecordedMessage> offsets(TopicSource reader, ReplayRange.Offsets range, FieldMapping mapping) {
        Map<TopicPartition, long[]> ranges = new HashMap<>();
        List<String> outside = new ArrayList<>();
        range.byPartition().forEach((partition, offsets) -> {
            TopicPartition p = new TopicPartition(reader.partitions().get(0).topic(), partition);
            if (!reader.partitions().contains(p) || offsets[0] < reader.beginning(p) || offsets[1] >= reader.end(p)) {
                outside.add(partition + ":" + offsets[0] + "-" + offsets[1]);
            } else {
                ranges.put(p, new long[] {offsets[0], offsets[1] + 1});
            }
        });
        if (!outside.isEmpty()) {
            throw new InvalidRunException(400, "offsets " + String.join(",", outside) + " are outside topic "
                    + reader.partitions().get(0).topic() + ", which holds " + reader.describeOffsets());
        }
        List<RecordedMessage> messages = new ArrayList<>();
        reader.read(ranges, record -> messages.add(recorded(record, mapping)));
        return messages;
    }

    private List<RecordedMessage> window(TopicSource reader, ReplayRange.Window range, FieldMapping mapping) {
        Map<TopicPartition, Long> starts = reader.offsetsAt(range.from());
        Map<TopicPartition, Long> stops = reader.offsetsAt(range.to());
        Map<TopicPartition, long[]> ranges = new HashMap<>();
        // Timestamps need not grow with offsets: read from the first at/after the start up to the first
        // at/after the end, and keep what falls inside the window.
        reader.partitions().forEach(p -> ranges.put(p, new long[] {starts.get(p), Math.max(starts.get(p), stops.get(p))}));
        List<RecordedMessage> messages = new ArrayList<>();
        long from = range.from().toEpochMilli();
        long to = range.to().toEpochMilli();
        reader.read(ranges, record -> {
            if (record.timestamp() >= from && record.timestamp() < to) {
                messages.add(recorded(record, mapping));
            }
        });
        if (messages.isEmpty()) {
            Instant[] span = reader.timeSpan();
            throw new InvalidRunException(400, "window " + range.from() + "/" + range.to() + " is outside topic "
                    + reader.partitions().get(0).topic() + ", which holds messages from " + span[0] + " to " + span[1]);
        }
        return messages;
    }

    /**
     * Hammer's own messages (every one with a sequence number, all of one run) go in sequence order,
     * which is the order they were generated in; anything else in the order it was recorded: by
     * timestamp, then partition and offset (Kafka orders only within a partition).
     */
    private static Comparator<RecordedMessage> originalOrder(List<RecordedMessage> messages, ReplayRange range) {
        boolean oneRunWithSequence = range instanceof ReplayRange.Sequences
                || (messages.stream().allMatch(m -> m.seq() != null)
                && messages.stream().map(m -> String.valueOf(m.run())).distinct().count() == 1);
        Comparator<RecordedMessage> recorded = Comparator.comparingLong(RecordedMessage::timestamp)
                .thenComparingInt(RecordedMessage::partition).thenComparingLong(RecordedMessage::offset);
        return oneRunWithSequence ? Comparator.comparingLong(RecordedMessage::seq).thenComparing(recorded) : recorded;
    }

    /** The topic on the engine's queue: a Kafka topic, or a Pulsar topic of hammer.pulsar.namespace. */
    private TopicSource open(String topic) {
        return pulsar == null ? new TopicReader(kafka, topic) : new PulsarTopicReader(pulsar.getObject(), pulsarNamespace + "/" + topic);
    }

    private static RecordedMessage recorded(TopicSource.Read record, FieldMapping mapping) {
        Long seq = null;
        if (mapping != null) {
            try {
                seq = mapping.seq(mapping.read(record.value()));
            } catch (IllegalArgumentException e) {
                seq = null; // judged when the order is made
            }
        } else {
            String header = record.header(OrderFields.SEQ_HEADER);
            try {
                seq = header == null ? null : Long.parseLong(header);
            } catch (NumberFormatException e) {
                seq = null;
            }
        }
        return new RecordedMessage(record.partition(), record.offset(), record.timestamp(), record.value(),
                record.header(OrderFields.RUN_HEADER), seq);
    }

    private static byte[] order(RecordedMessage message, String runId, long seq, FieldMapping mapping) {
        try {
            return mapping == null ? OrderRewriter.rewrite(message.value(), runId, seq)
                    : mapping.order(mapping.read(message.value()), runId, seq, message.timestamp());
        } catch (IllegalArgumentException e) {
            throw new InvalidRunException(400, "message at partition " + message.partition() + ", offset " + message.offset()
                    + " cannot be an order: " + e.getMessage() + (mapping == null ? "" : " (mapping needs a JSON object)"));
        }
    }

    private static String describeSpans(Map<String, long[]> spans) {
        List<String> parts = new ArrayList<>();
        spans.forEach((run, span) -> parts.add(span[0] + "-" + span[1] + ("null".equals(run) ? "" : " (run " + run + ")")));
        return String.join(", ", new TreeSet<>(parts));
    }

    /** What to replay; see templates/replay.yaml for each parameter. */
    public record Request(String runId, String topic, ReplayRange range, String sourceRun, String mapping, double speed,
                          String rateProfile) {
    }

    /** @param speed the schedule's speed factor, null when the run has no schedule (as fast as possible) */
    public record Result(String runId, long orders, String topic, String range, Double speed) {
    }
}
