package io.hammer.engine.local;

import io.hammer.engine.HammerApplication;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The engine with every role on a {@link LocalStack} in this JVM: what {@code hammer demo} and
 * {@code hammer run --local} start. The console's two passwords are given; {@code settings} are the
 * user's own {@code --key=value} engine settings, which come last and so win.
 */
public final class LocalEngine implements AutoCloseable {
    private final LocalStack stack;
    private final ConfigurableApplicationContext engine;

    private LocalEngine(LocalStack stack, ConfigurableApplicationContext engine) {
        this.stack = stack;
        this.engine = engine;
    }

    public static LocalEngine start(Path anvilDir, String operatorPassword, String viewerPassword, List<String> settings)
            throws IOException {
        LocalStack stack = LocalStack.start(anvilDir);
        try {
            List<String> arguments = new ArrayList<>(List.of(stack.engineArguments()));
            arguments.add("--spring.security.user.password=" + operatorPassword);
            arguments.add("--hammer.security.viewer.password=" + viewerPassword);
            settings.stream().filter(a -> a.startsWith("--") && a.contains("=")).forEach(arguments::add);
            return new LocalEngine(stack, new SpringApplicationBuilder(HammerApplication.class).run(arguments.toArray(String[]::new)));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public ConfigurableApplicationContext context() {
        return engine;
    }

    public LocalStack stack() {
        return stack;
    }

    public String port() {
        return engine.getEnvironment().getProperty("local.server.port");
    }

    public String url() {
        return "http://localhost:" + port();
    }

    @Override
    public void close() throws IOException {
        try {
            engine.close();
        } finally {
            stack.close();
        }
    }
}
