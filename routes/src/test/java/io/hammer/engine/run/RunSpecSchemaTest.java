package io.hammer.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hammer.engine.pace.RateSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The run spec's schema: in step with the spec's records, strict, and helpful about unknown keys. */
class RunSpecSchemaTest {
    final RunSpecSchema schema = new RunSpecSchema();
    final ObjectMapper json = new ObjectMapper();
    final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    @Test
    void everyFieldOfTheSpecRecordsIsInTheSchemaAndNothingElse() throws IOException {
        JsonNode document = json.readTree(schema.text());
        assertThat(document.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        Map<Class<? extends Record>, String> places = Map.of(RunSpec.class, "", PayloadSpec.class, "/$defs/payload",
                RateSegment.class, "/$defs/rateSegment", Slo.class, "/$defs/slo");
        places.forEach((record, pointer) -> {
            List<String> fields = Arrays.stream(record.getRecordComponents()).map(c -> c.getName()).toList();
            JsonNode object = document.at(pointer);
            List<String> keys = new ArrayList<>();
            object.path("properties").fieldNames().forEachRemaining(keys::add);
            assertThat(keys).as("schema properties at '%s' against %s's fields", pointer, record.getSimpleName())
                    .containsExactlyInAnyOrderElementsOf(fields);
            assertThat(object.path("additionalProperties").asBoolean(true)).as("%s refuses unknown keys", pointer).isFalse();
        });
    }

    @Test
    void catchUpIsUnboundedOrAFactorAbove1() throws IOException {
        assertThat(schema.problems(json.readTree("{\"orders\": 10, \"catchUp\": \"unbounded\"}"))).isEmpty();
        assertThat(schema.problems(json.readTree("{\"orders\": 10, \"catchUp\": {\"maxFactor\": 1.5}}"))).isEmpty();
        assertThat(schema.problems(json.readTree("{\"orders\": 10, \"catchUp\": \"fast\"}"))).isNotEmpty();
        assertThat(schema.problems(json.readTree("{\"orders\": 10, \"catchUp\": {\"maxFactor\": 1}}"))).isNotEmpty();
    }

    @Test
    void fractionsAreRefusedWhereWholeNumbersAreExpected() throws IOException {
        List<RunSpecSchema.Problem> problems = schema.problems(json.readTree("{\"orders\": 1.5, \"seed\": 1.7}"));
        assertThat(problems).extracting(RunSpecSchema.Problem::field).containsExactlyInAnyOrder("orders", "seed");
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).contains("integer expected"));
        assertThatThrownBy(() -> schema.read(json.readTree("{\"orders\": 1.5}"))).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("orders: number found, integer expected");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheClosestValidKey() throws IOException {
        assertThat(only("{\"orders\": 10, \"slo\": {\"p99ms\": 5}}"))
                .isEqualTo(new RunSpecSchema.Problem("slo.p99ms", "/slo/p99ms", "unknown key; did you mean p99Ms?", "p99Ms"));
        assertThat(schema.problems(json.readTree("{\"ordrs\": 10}"))).extracting(Object::toString)
                .containsExactlyInAnyOrder("ordrs: unknown key; did you mean orders?", "orders: is required (or duration, with a rate)");
        assertThat(only("{\"orders\": 10, \"rate\": [{\"type\": \"constant\", \"perSecond\": 5, \"secnds\": 3}]}").toString())
                .isEqualTo("rate[0].secnds: unknown key; did you mean seconds?");
        assertThat(only("{\"orders\": 10, \"payload\": {\"extraFeilds\": {}}}").suggestion()).isEqualTo("extraFields");
        assertThat(only("{\"orders\": 10, \"slo\": {\"abortOnFial\": true}}").suggestion()).isEqualTo("abortOnFail");
        // Nothing near: the valid keys instead.
        assertThat(only("{\"orders\": 10, \"colour\": \"red\"}").message())
                .isEqualTo("unknown key; valid keys: runId, orders, duration, seed, payload, rate, slo, transport, warmup, catchUp");
    }

    @Test
    void aRunIsSizedByOrdersOrByDurationNeverBothNorNeither() throws IOException {
        assertThat(only("{\"orders\": 10, \"duration\": \"1m\", \"rate\": [{\"type\": \"constant\", \"perSecond\": 5}]}").toString())
                .isEqualTo("duration: give orders or duration, not both");
        assertThat(only("{\"seed\": 3}").toString()).isEqualTo("orders: is required (or duration, with a rate)");
        assertThat(only("{\"duration\": \"1m\"}").toString()).startsWith("rate: is required with duration");
        assertThat(only("{\"duration\": \"soon\", \"rate\": [{\"type\": \"constant\", \"perSecond\": 5}]}").field()).isEqualTo("duration");
    }

    @Test
    void aDurationCountsItsOrdersAtTheRateProfile() throws IOException {
        assertThat(orders("duration: 10m\nrate: [{type: constant, perSecond: 500}]")).isEqualTo(300_000);
        // 0 to 100/s over 10 s is 500 orders, then 100/s for 5 s.
        assertThat(orders("duration: 15s\nrate: [{type: ramp, from: 0, to: 100, seconds: 10}]")).isEqualTo(1_000);
        // Steps of 100, 200, 300/s, 10 s each.
        assertThat(orders("duration: 30s\nrate: [{type: steps, from: 100, to: 300, steps: 3, seconds: 30}]")).isEqualTo(6_000);
        assertThat(orders("duration: PT1M\nrate: [{type: constant, perSecond: 0.5}]")).isEqualTo(30);
        RunSpec tooLong = schema.read(yaml.readTree("duration: 30d\nrate: [{type: constant, perSecond: 1000000}]"))
                .withRunId("x").withDefaults();
        assertThat(tooLong.problems()).anyMatch(p -> p.startsWith("duration 30d at this rate makes"));
        // The stored spec keeps what was asked beside the count it made.
        assertThat(schema.read(yaml.readTree("duration: 10m\nrate: [{type: constant, perSecond: 500}]")).withDefaults().duration())
                .isEqualTo("10m");
    }

    @Test
    void theExampleSpecsConformToTheSchema() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            for (Path example : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                assertThat(schema.problems(yaml.readTree(example.toFile()))).as(example.toString()).isEmpty();
            }
        }
    }

    private long orders(String spec) throws IOException {
        RunSpec read = schema.read(yaml.readTree(spec)).withRunId("d").withDefaults();
        assertThat(read.problems()).isEmpty();
        return read.orders();
    }

    private RunSpecSchema.Problem only(String spec) throws IOException {
        List<RunSpecSchema.Problem> problems = schema.problems(json.readTree(spec));
        assertThat(problems).as(spec).isNotEmpty();
        return problems.get(0);
    }
}
