package io.hammer.engine.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.engine.HammerProperties;
import io.hammer.engine.account.Metrics;
import io.hammer.engine.run.InvalidRunException;
import io.hammer.engine.run.RunKeys;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Loads a run that is not generated (a replayed topic range, a restored backup) the safe way: its
 * orders go under temporary keys first, and become a run in one atomic step once they are all
 * there and checked ({@link StagedRun#promote}). Anything that fails before leaves nothing behind.
 */
@Component
public class RunStaging {
    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final Clock clock;
    private final Metrics metrics;
    private final int chunkSize;

    public RunStaging(StringRedisTemplate redis, ObjectMapper json, Clock clock, Metrics metrics, HammerProperties properties) {
        this.redis = redis;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
        this.chunkSize = properties.runs().chunkSize();
    }

    /**
     * Starts staging a run. The id is checked here (valid, not taken) so that a bad request fails
     * before any work; {@link StagedRun#promote} checks again that nobody took it meanwhile.
     */
    public StagedRun begin(String runId) {
        List<String> problems = StagedRun.spec(json, json.createObjectNode(), runId, 1).problems();
        if (!problems.isEmpty()) {
            throw new InvalidRunException(400, String.join("; ", problems));
        }
        if (Boolean.TRUE.equals(redis.hasKey(RunKeys.run(runId)))) {
            throw new InvalidRunException(409, "run " + runId + " already exists");
        }
        return new StagedRun(runId, redis, json, clock, metrics, chunkSize);
    }

    /** A rate profile as the run spec takes it (its "rate"), given as JSON text by a template's parameter. */
    public JsonNode rateProfile(String rateProfile) {
        if (rateProfile == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(rateProfile);
            if (node != null && (node.isObject() || node.isArray())) {
                return node;
            }
        } catch (IOException e) {
            // fall through to the error
        }
        throw new InvalidRunException(400, "rateProfile must be JSON (the run spec's rate), was '" + rateProfile + "'");
    }
}
