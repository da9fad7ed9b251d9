package io.hammer.k8s;

import static io.hammer.k8s.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard as Prometheus will answer it: every metric it queries is one that something
 * in the build exports (the engine's registry, Kafka's JMX Exporter rules, Kafka Exporter), every
 * rate window follows the scrape interval, and the console's link (var-run) selects a run.
 */
class ManifestsDashboardTest {
    private static final Pattern METRIC = Pattern.compile("\\b((?:hammer|kafka)_[a-z0-9_]+)(\\{[^}]*})?");
    private static final Pattern WINDOW = Pattern.compile("\\[([^\\]]+)]");

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/prod", "openshift"})
    void everyQueryReadsAnExportedMetricOverTheRateInterval(String dir) throws IOException {
        Manifests m = ManifestsTest.build(dir);
        Map<String, Object> dashboard = m.get("ConfigMap", "hammer-dashboard");
        assertThat(map(dashboard, "metadata", "labels")).containsEntry("grafana_dashboard", "1");
        JsonNode tree = new ObjectMapper().readTree((String) map(dashboard, "data").get("hammer-dashboard.json"));

        // The console links a run as ...?var-run={runId} (the engine's hammer.console.grafana-url).
        assertThat(Files.readString(Kustomize.REPO.resolve("routes/src/main/resources/application.yaml"))).contains("var-run={runId}");
        List<String> variables = new ArrayList<>();
        tree.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
        assertThat(variables).contains("datasource", "run", "namespace");

        String engineSource = engineSource();
        Pattern[] jmxRules = jmxExporterNames(m);
        Map<String, Object> exporter = map(m.get("Kafka", "hammer"), "spec", "kafkaExporter");
        String group = (String) map(ManifestsTest.imageApplicationYaml(), "hammer", "consumer").get("group");
        List<String> metrics = new ArrayList<>();
        for (JsonNode panel : tree.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("targets")).as("panel %s", panel.path("title")).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                Matcher window = WINDOW.matcher(expr);
                while (window.find()) {
                    // Grafana sizes it from the scrape interval (at least four scrapes): a fixed [10s]
                    // against a 10 s scrape holds one sample, and rate() needs two.
                    assertThat(window.group(1)).as("%s: rate window", expr).isEqualTo("$__rate_interval");
                }
                Matcher metric = METRIC.matcher(expr);
                assertThat(metric.find()).as("panel %s queries Hammer's or Kafka's metrics", panel.path("title")).isTrue();
                do {
                    String name = metric.group(1);
                    String selector = metric.group(2) == null ? "" : metric.group(2);
                    metrics.add(name);
                    if (name.startsWith("hammer_")) {
                        // Prometheus adds _total, _bucket, _max and the unit to Micrometer's dotted names.
                        String micrometerName = name.replaceAll("_(total|bucket|max|count|sum)$", "")
                                .replaceAll("_seconds$", "").replace('_', '.');
                        assertThat(engineSource).as("the engine registers %s", micrometerName).contains('"' + micrometerName + '"');
                        if (!expr.contains("by (group)")) {
                            assertThat(selector).as("%s follows the dashboard's run", expr).contains("run=~\"$run\"");
                        }
                    } else if (name.startsWith("kafka_consumergroup_") || name.startsWith("kafka_topic_")) {
                        assertThat(exporter).as("Kafka Exporter is on for %s", name).isNotEmpty();
                        assertThat(group).matches((String) exporter.get("groupRegex"));
                        assertThat("messages").matches((String) exporter.get("topicRegex"));
                        assertThat(selector).contains("namespace=\"$namespace\"");
                    } else {
                        assertThat(jmxRules).as("a JMX Exporter rule of ConfigMap kafka-metrics names %s", name)
                                .anyMatch(rule -> rule.matcher(name).matches());
                        assertThat(selector).contains("namespace=\"$namespace\"");
                    }
                } while (metric.find());
            }
        }
        assertThat(metrics).as("broker panels and the group's lag from Kafka Exporter")
                .anyMatch(n -> n.startsWith("kafka_server_")).contains("kafka_consumergroup_lag");
    }

    /** The rules' metric names (lower-cased, captures as any word) of the ConfigMap the Kafka resource names. */
    private static Pattern[] jmxExporterNames(Manifests m) {
        Map<String, Object> ref = map(m.get("Kafka", "hammer"), "spec", "kafka", "metricsConfig", "valueFrom", "configMapKeyRef");
        String rules = (String) map(m.get("ConfigMap", (String) ref.get("name")), "data").get((String) ref.get("key"));
        Map<String, Object> config = new Yaml().load(rules);
        assertThat(config).containsEntry("lowercaseOutputName", true);
        return Manifests.list(config, "rules").stream().map(r -> (String) r.get("name")).filter(n -> n != null)
                .map(n -> Pattern.compile(Pattern.quote(n).replaceAll("\\$\\d", "\\\\E[a-z0-9_]+\\\\Q")))
                .toArray(Pattern[]::new);
    }

    private static String engineSource() throws IOException {
        try (Stream<Path> sources = Files.walk(Kustomize.REPO.resolve("routes/src/main/java"))) {
            return sources.filter(f -> f.toString().endsWith(".java")).map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
    }
}
