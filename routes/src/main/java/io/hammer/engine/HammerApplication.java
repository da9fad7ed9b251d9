package io.hammer.engine;

import io.hammer.engine.local.Bench;
import io.hammer.engine.local.Demo;
import io.hammer.engine.template.TemplateCli;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Hammer engine. One executable serves every role (generator, producer, consumer);
 * which routes start is chosen by {@code hammer.role.*}, so each role can run and scale
 * as its own Deployment. {@code demo} runs everything in one JVM on embedded infrastructure;
 * {@code bench} measures delivery for bench/run.sh. {@code template}, {@code templates} and
 * {@code backups} call a running engine's template API (see TemplateCli).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HammerApplication {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && List.of("template", "templates", "backups").contains(args[0])) {
            System.exit(TemplateCli.run(args[0], Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out));
        }
        if (args.length > 0 && (args[0].equals("demo") || args[0].equals("bench"))) {
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            int exitCode;
            try {
                exitCode = args[0].equals("demo") ? Demo.run(rest) : Bench.run(rest);
            } catch (Exception e) {
                System.err.println(args[0] + " failed: " + e);
                exitCode = 2;
            }
            System.exit(exitCode);
        }
        SpringApplication.run(HammerApplication.class, args);
    }
}
