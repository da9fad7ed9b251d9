package io.hammer.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The run specs under routes/examples are what a newcomer copies: each must be a valid run. */
class ExampleSpecsTest {

    @Test
    void everyExampleSpecIsAValidRun() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).findAndRegisterModules();
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            examples = files.filter(f -> f.toString().endsWith(".yaml")).toList();
        }
        assertThat(examples).isNotEmpty();
        for (Path example : examples) {
            RunSpec spec = yaml.readValue(example.toFile(), RunSpec.class).withDefaults();
            assertThat(spec.problems()).as(example.toString()).isEmpty();
            assertThat(spec.rate()).as("%s has a rate", example).isNotEmpty();
            assertThat(spec.slo()).as("%s has objectives", example).isNotNull();
        }
    }
}
