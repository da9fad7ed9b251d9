package io.hammer.engine.deliver;

import io.hammer.engine.pace.Pacers;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** The deliver route's first step: an order of an aborted run goes to the dead letters, not to the target. */
@Component("runGate")
public class RunGate {
    private final Pacers pacers;

    public RunGate(Pacers pacers) {
        this.pacers = pacers;
    }

    public void admit(Exchange exchange) throws RunAbortedException {
        String run = Delivery.of(exchange).run();
        if (pacers.aborted(run)) {
            throw new RunAbortedException(run);
        }
    }
}
