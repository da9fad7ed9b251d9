package io.hammer.engine;

import io.hammer.engine.local.Demo;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Hammer engine. One executable serves every role (generator, producer, consumer);
 * which routes start is chosen by {@code hammer.role.*}, so each role can run and scale
 * as its own Deployment. {@code demo} runs everything in one JVM on embedded infrastructure.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HammerApplication {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("demo")) {
            int exitCode;
            try {
                exitCode = Demo.run(java.util.Arrays.copyOfRange(args, 1, args.length));
            } catch (Exception e) {
                System.err.println("The demo failed: " + e);
                exitCode = 2;
            }
            System.exit(exitCode);
        }
        SpringApplication.run(HammerApplication.class, args);
    }
}
