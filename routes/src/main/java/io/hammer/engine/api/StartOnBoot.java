package io.hammer.engine.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hammer.engine.run.InvalidRunException;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunSpecSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The original system started a run by restarting its pods; Hammer keeps that possible: with
 * {@code hammer.runs.start-on-boot} naming a spec file (YAML or JSON, mounted from a ConfigMap for
 * instance), the generator starts that run once it is up, unless a run with that id exists, so
 * that a second restart does not run it twice. Give the spec a new run id to run it again.
 */
@Component
@ConditionalOnExpression("'${hammer.runs.start-on-boot:}' != '' and ${hammer.role.generator:true}")
public class StartOnBoot {
    private static final Logger log = LoggerFactory.getLogger(StartOnBoot.class);
    private final RunService runs;
    private final Path spec;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).findAndRegisterModules();

    public StartOnBoot(RunService runs, @Value("${hammer.runs.start-on-boot}") Path spec) {
        this.runs = runs;
        this.spec = spec;
    }

    /** @return the run started, or null when it existed already */
    @EventListener(ApplicationReadyEvent.class)
    public RunSpec start() throws IOException {
        RunSpec requested = runs.schema().read(RunSpecSchema.parse(Files.readString(spec), yaml));
        try {
            RunSpec started = runs.start(requested);
            log.info("Started run {} from {} ({} orders)", started.runId(), spec, started.orders());
            return started;
        } catch (InvalidRunException e) {
            if (e.status() == 409) {
                log.info("Run {} from {} exists already: not started again", requested.runId(), spec);
                return null;
            }
            throw new IllegalStateException("cannot start the run of " + spec + ": " + e.getMessage(), e);
        }
    }
}
