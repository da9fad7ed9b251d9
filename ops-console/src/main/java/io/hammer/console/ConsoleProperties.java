package io.hammer.console;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's settings ({@code hammer.console.*}).
 *
 * @param grafanaUrl         the Grafana dashboard, {@code {runId}} replaced by the run's id; no link when empty
 * @param liveInterval       how often a run page's figures are pushed
 * @param deadLetterExamples dead letters shown per reason on a run page
 * @param deadLetterScan     records read at most per partition of the dead letter topic to find them
 */
@ConfigurationProperties("hammer.console")
public record ConsoleProperties(
        String grafanaUrl,
        @DefaultValue("1s") Duration liveInterval,
        @DefaultValue("3") int deadLetterExamples,
        @DefaultValue("2000") int deadLetterScan) {

    public String grafanaUrl(String runId) {
        return grafanaUrl == null || grafanaUrl.isBlank() ? null : grafanaUrl.replace("{runId}", runId);
    }
}
