package io.hammer.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A run spec's warm-up: a duration as people write it, and a clear problem when it is not one. */
class RunSpecTest {

    @Test
    void aWarmUpIsReadInHumanOrIsoForm() {
        assertThat(spec("10s").warmupDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec("500ms").warmupDuration()).isEqualTo(Duration.ofMillis(500));
        assertThat(spec("PT2M").warmupDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(spec(null).warmupDuration()).isZero();
        assertThat(spec("10s").problems()).isEmpty();
    }

    @Test
    void aWarmUpThatIsNoDurationIsAProblemNamingTheField() {
        assertThat(spec("ten seconds").problems()).singleElement().asString()
                .startsWith("warmup must be a duration such as 10s").contains("ten seconds");
        assertThat(spec("-5s").problems()).containsExactly("warmup must not be negative, was -5s");
    }

    private static RunSpec spec(String warmup) {
        return new RunSpec("warm-1", 100, 1L, null).withWarmup(warmup).withDefaults();
    }
}
