package io.hammer.engine;

import io.hammer.engine.cli.HammerCli;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The Hammer engine. One executable serves every role (generator, producer, consumer);
 * which routes start is chosen by {@code hammer.role.*}, so each role can run and scale
 * as its own Deployment. Its command line ({@link HammerCli}) names what to do: {@code engine}
 * starts the engine, {@code demo} runs everything in one JVM on embedded infrastructure, {@code bench}
 * measures delivery for bench/run.sh, and the rest ({@code run}, {@code validate}, {@code compare},
 * {@code status}, ...) are clients of a running engine. Without arguments it prints its help; with
 * nothing but engine settings ({@code --key=value}, as the container image's Deployments pass them) it
 * starts the engine.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HammerApplication {

    public static void main(String[] args) throws Exception {
        if (HammerCli.startsEngine(args)) {
            System.exit(runEngine(args));
        }
        System.exit(HammerCli.execute(args.length == 0 ? new String[] {"--help"} : args));
    }

    /** Starts the engine and waits until it is closed (SIGTERM, Ctrl-C): the process lives as long as the engine. */
    public static int runEngine(String... settings) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        SpringApplication application = new SpringApplication(HammerApplication.class);
        application.addListeners(new ApplicationListener<ContextClosedEvent>() {
            @Override
            public void onApplicationEvent(ContextClosedEvent event) {
                closed.countDown();
            }
        });
        ConfigurableApplicationContext engine = application.run(settings);
        if (engine.isActive()) {
            closed.await();
        }
        return 0;
    }
}
