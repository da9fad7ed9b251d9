package io.hammer.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hammer.engine.run.InvalidSpecException;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunSpecSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A run spec file (YAML or JSON), checked here as the engine would check it: by the schema, then by the spec's rules. */
final class SpecFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final RunSpecSchema SCHEMA = new RunSpecSchema();

    private SpecFile() {
    }

    /** The file's spec as it is written. */
    static ObjectNode read(Path file) {
        try {
            return (ObjectNode) RunSpecSchema.parse(Files.readString(file), YAML);
        } catch (IOException e) {
            throw new EngineClient.CliException("cannot read " + file + ": " + e);
        } catch (InvalidSpecException e) {
            throw new EngineClient.CliException(file + ": " + e.getMessage());
        }
    }

    /** Every problem of the spec, each naming its field; empty when the engine would take it. */
    static List<String> problems(ObjectNode spec) {
        RunSpec read;
        try {
            read = SCHEMA.read(spec);
        } catch (InvalidSpecException e) {
            return e.problems().stream().map(RunSpecSchema.Problem::toString).toList();
        }
        // A run id is generated when the spec has none; checked with a stand-in meanwhile.
        return (read.runId() == null ? read.withRunId("validate") : read).withDefaults().problems();
    }

    /** What the spec runs, in a few words: its order count (or duration) and whether it is paced. */
    static String describe(ObjectNode spec) {
        RunSpec read = SCHEMA.read(spec);
        RunSpec resolved = (read.runId() == null ? read.withRunId("validate") : read).withDefaults();
        return String.format("%,d orders%s%s", resolved.orders(), read.duration() == null ? "" : " (" + read.duration() + ")",
                resolved.rate() == null ? ", as fast as possible" : ", paced");
    }
}
