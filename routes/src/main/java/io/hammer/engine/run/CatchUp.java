package io.hammer.engine.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * How fast a paced run may catch up after a stall (a broker restart, a consumer that crashed): orders
 * behind schedule go out at most {@code maxFactor} times the pod's share of the asked rate until the
 * schedule is met again, rather than all at once. Latency still counts from each order's intended
 * time. In a run spec: {@code "catchUp": {"maxFactor": 2}} (the default) or {@code "catchUp": "unbounded"}
 * (as fast as the pipeline and target allow).
 *
 * @param maxFactor null when unbounded
 */
public record CatchUp(Double maxFactor) {
    public static final CatchUp DEFAULT = new CatchUp(2.0);
    public static final CatchUp UNBOUNDED = new CatchUp(null);
    private static final String UNBOUNDED_NAME = "unbounded";
    /** A value that is neither: reported by {@link #problems()} rather than thrown, so the answer names the field. */
    private static final CatchUp INVALID = new CatchUp(Double.NaN);

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CatchUp of(Object value) {
        if (value == null) {
            return DEFAULT;
        }
        if (value instanceof String name) {
            return UNBOUNDED_NAME.equalsIgnoreCase(name.trim()) ? UNBOUNDED : INVALID;
        }
        if (value instanceof Map<?, ?> fields && fields.size() == 1 && fields.get("maxFactor") instanceof Number factor) {
            return new CatchUp(factor.doubleValue());
        }
        return INVALID;
    }

    @JsonValue
    public Object json() {
        return maxFactor == null ? UNBOUNDED_NAME : Map.of("maxFactor", maxFactor);
    }

    public boolean unbounded() {
        return maxFactor == null;
    }

    public List<String> problems() {
        if (maxFactor != null && !(maxFactor > 1 && maxFactor <= 1000)) {
            return List.of("catchUp must be \"unbounded\" or {\"maxFactor\": n} with n above 1 and at most 1000");
        }
        return List.of();
    }
}
