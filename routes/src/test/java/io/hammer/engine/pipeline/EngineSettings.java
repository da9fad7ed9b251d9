package io.hammer.engine.pipeline;

import io.hammer.engine.local.LocalStack;
import java.util.LinkedHashMap;
import java.util.Map;

/** Command-line settings for one more engine on a test stack, in this JVM or in one of its own. */
final class EngineSettings {
    private EngineSettings() {
    }

    static String[] arguments(LocalStack stack, Map<String, ?> settings) {
        return arguments(stack.engineProperties(), settings);
    }

    /**
     * A stack's settings, with {@code settings} over them (one map: a repeated command-line setting would be
     * joined with a comma). FIX is off: QuickFIX/J's session registry is JVM-wide, so another engine with the
     * same CompIDs would take over the test engine's sessions and leave them dead when it stops.
     */
    static String[] arguments(Map<String, ?> stackProperties, Map<String, ?> settings) {
        Map<String, Object> all = withoutFix(stackProperties);
        all.put("server.port", 0);
        all.put("spring.security.user.password", "second");
        all.putAll(settings);
        return all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    /** A stack's settings with FIX off and its sessions left out (a list is bound whole: none of its fields may stay). */
    static Map<String, Object> withoutFix(Map<String, ?> stackProperties) {
        Map<String, Object> settings = new LinkedHashMap<>(stackProperties);
        settings.keySet().removeIf(key -> key.startsWith("hammer.fix."));
        settings.put("hammer.fix.enabled", false);
        return settings;
    }
}
