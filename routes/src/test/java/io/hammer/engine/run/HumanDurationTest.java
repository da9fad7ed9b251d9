package io.hammer.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanDurationTest {

    @Test
    void readsDurationsAsPeopleWriteThem() {
        assertThat(HumanDuration.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(HumanDuration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(HumanDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(HumanDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(HumanDuration.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(HumanDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(HumanDuration.parse(" 1H2M3S ")).isEqualTo(Duration.ofSeconds(3723));
    }

    @Test
    void stillReadsIso8601() {
        assertThat(HumanDuration.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(HumanDuration.parse("pt24h")).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void refusesWhatIsNotADurationAndSaysWhatIs() {
        for (String bad : new String[] {"", "10", "ten minutes", "10x", "m10", "10m 5s", "P", "1e3s"}) {
            assertThatThrownBy(() -> HumanDuration.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("write e.g. 10m, 30s, 1h30m");
        }
    }
}
