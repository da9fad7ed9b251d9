package io.hammer.engine.deliver;

/** An order of an aborted run: dead-lettered with reason {@code aborted}, never sent to the target. */
public class RunAbortedException extends Exception {
    public RunAbortedException(String runId) {
        super("run " + runId + " was aborted before this order was sent");
    }
}
