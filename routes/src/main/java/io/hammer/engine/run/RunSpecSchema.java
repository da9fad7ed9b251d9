package io.hammer.engine.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The run spec's JSON Schema ({@code schema/run-spec.schema.json}, draft 2020-12): the one check of a
 * spec as it comes in, whether over the REST API, from the console's form or from {@code hammer validate}.
 * Each problem names its field (dotted path and JSON pointer); an unknown key comes with the closest
 * valid key beside it. A valid spec is then read into {@link RunSpec} strictly (no unknown key, no
 * fraction taken as a whole number), and the spec's own checks ({@link RunSpec#problems()}) follow.
 */
public final class RunSpecSchema {
    public static final String RESOURCE = "schema/run-spec.schema.json";
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();
    /** Its own reader, whatever the application's JSON settings: strict where the schema is. */
    private static final ObjectMapper STRICT = new ObjectMapper().findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private final String text;
    private final JsonNode document;
    private final Schema schema;

    public RunSpecSchema() {
        try (InputStream in = Objects.requireNonNull(RunSpecSchema.class.getClassLoader().getResourceAsStream(RESOURCE), RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            document = STRICT.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Formats (date-time) are assertions here, not annotations as draft 2020-12 has them by default.
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, registry -> registry.schemaRegistryConfig(config))
                .getSchema(document);
    }

    /**
     * One thing wrong with a spec.
     *
     * @param field      dotted path, e.g. {@code slo.p99ms} or {@code rate[0].perSecond} (empty: the spec itself)
     * @param pointer    the same as a JSON pointer, e.g. {@code /slo/p99ms}
     * @param suggestion the closest valid key, for an unknown key that looks like one
     */
    public record Problem(String field, String pointer, String message, String suggestion) {
        @Override
        public String toString() {
            return (field.isEmpty() ? "" : field + ": ") + message;
        }
    }

    /** The schema as served, byte for byte. */
    public String text() {
        return text;
    }

    /** The schema's problems with a spec (as JSON), empty when it conforms. */
    public List<Problem> problems(JsonNode spec) {
        Set<Problem> problems = new LinkedHashSet<>();
        for (Error error : schema.validate(spec)) {
            // The branches of orders-or-duration fail by design; the oneOf's own error says what is wrong.
            if ("oneOf".equals(error.getKeyword()) || !error.getEvaluationPath().contains("oneOf")) {
                problems.add(problem(spec, error));
            }
        }
        return List.copyOf(problems);
    }

    /**
     * The spec, checked by the schema and then by its own rules, with defaults applied.
     *
     * @throws InvalidSpecException 400 listing every problem
     */
    public RunSpec read(JsonNode spec) {
        List<Problem> problems = problems(spec);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        RunSpec read;
        try {
            read = STRICT.treeToValue(spec, RunSpec.class);
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(List.of(new Problem("", "", "unreadable run spec: " + e.getOriginalMessage(), null)));
        }
        return read;
    }

    /** A spec (YAML or JSON text) as a tree, or a 400 saying why it cannot be read. */
    public static JsonNode parse(String text, ObjectMapper mapper) {
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || !node.isObject()) {
                throw new InvalidSpecException(List.of(new Problem("", "", "a run spec is an object of keys and values", null)));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(List.of(new Problem("", "", "unreadable run spec: " + e.getOriginalMessage(), null)));
        }
    }

    private Problem problem(JsonNode spec, Error error) {
        NodePath at = error.getInstanceLocation();
        String keyword = error.getKeyword();
        if ("additionalProperties".equals(keyword)) {
            String key = error.getProperty();
            List<String> valid = siblings(error);
            String closest = closest(key, valid);
            return new Problem(dotted(at, key), pointer(at, key), "unknown key"
                    + (closest != null ? "; did you mean " + closest + "?" : "; valid keys: " + String.join(", ", valid)), closest);
        }
        if ("required".equals(keyword)) {
            String key = error.getProperty();
            return new Problem(dotted(at, key), pointer(at, key), "is required", null);
        }
        if ("dependentRequired".equals(keyword)) {
            // The spec's one dependency: a duration counts its orders at the rate profile.
            return new Problem("rate", "/rate", "is required with duration (an unpaced run goes as fast as it can: give it orders)", null);
        }
        if ("oneOf".equals(keyword) && at.getNameCount() == 0) {
            // The spec's one oneOf: its size is orders or duration, exactly one.
            boolean both = spec.has("orders") && spec.has("duration");
            return new Problem(both ? "duration" : "orders", both ? "/duration" : "/orders",
                    both ? "give orders or duration, not both" : "is required (or duration, with a rate)", null);
        }
        return new Problem(dotted(at, null), pointer(at, null), message(error), null);
    }

    /** The valid keys beside an unknown one: the properties of the schema object whose additionalProperties refused it. */
    private List<String> siblings(Error error) {
        NodePath fragment = error.getSchemaLocation().getFragment();
        List<String> keys = new ArrayList<>();
        document.at(pointer(fragment.getParent(), null)).path("properties").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The valid key nearest to the unknown one, if it is near enough to be what was meant. */
    static String closest(String key, List<String> valid) {
        String lower = key.toLowerCase(Locale.ROOT);
        Comparator<String> nearest = Comparator.comparingInt(candidate -> DISTANCE.apply(lower, candidate.toLowerCase(Locale.ROOT)));
        return valid.stream().min(nearest)
                .filter(candidate -> DISTANCE.apply(lower, candidate.toLowerCase(Locale.ROOT)) <= Math.max(2, key.length() / 2))
                .orElse(null);
    }

    private static String message(Error error) {
        String message = error.getMessage();
        // The validator's messages start with the instance location, which the problem names already.
        String prefix = error.getInstanceLocation() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    static String dotted(NodePath at, String key) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < at.getNameCount(); i++) {
            Object element = at.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(element);
            }
        }
        if (key != null) {
            path.append(path.isEmpty() ? "" : ".").append(key);
        }
        return path.toString();
    }

    static String pointer(NodePath at, String key) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < at.getNameCount(); i++) {
            pointer.append('/').append(escape(String.valueOf(at.getElement(i))));
        }
        if (key != null) {
            pointer.append('/').append(escape(key));
        }
        return pointer.toString();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
