package io.hammer.engine;

import io.hammer.engine.cli.HammerCli;
import io.hammer.engine.local.Bench;
import io.hammer.engine.local.Demo;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Hammer engine. One executable serves every role (generator, producer, consumer);
 * which routes start is chosen by {@code hammer.role.*}, so each role can run and scale
 * as its own Deployment. {@code demo} runs everything in one JVM on embedded infrastructure;
 * {@code bench} measures delivery for bench/run.sh; {@code run}, {@code status}, {@code rate},
 * {@code pause}, {@code resume}, {@code abort}, {@code report}, {@code template}, {@code templates} and
 * {@code backups} are the command line ({@link HammerCli}),
 * a client of a running engine.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HammerApplication {

    public static void main(String[] args) throws Exception {
        // Engine arguments are --key=value; a bare subcommand name (after the CLI's own options, if any) means the CLI.
        if (Arrays.stream(args).anyMatch(HammerCli.COMMANDS::contains)) {
            System.exit(HammerCli.execute(args));
        }
        if (args.length > 0 && (args[0].equals("demo") || args[0].equals("bench"))) {
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            int exitCode;
            try {
                exitCode = args[0].equals("demo") ? Demo.run(rest) : Bench.run(rest);
            } catch (NoClassDefFoundError e) {
                // The engine jar and image leave local mode's embedded Kafka, Redis and Anvil out.
                System.err.println(args[0] + " needs local mode's embedded Kafka, Redis and Anvil: run it with ./hammer"
                        + " (local/target/hammer.jar), not the engine jar or image (missing " + e.getMessage() + ")");
                exitCode = 2;
            } catch (Exception e) {
                System.err.println(args[0] + " failed: " + e);
                exitCode = 2;
            }
            System.exit(exitCode);
        }
        SpringApplication.run(HammerApplication.class, args);
    }
}
