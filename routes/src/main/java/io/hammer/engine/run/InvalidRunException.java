package io.hammer.engine.run;

/** A request about runs that cannot be honoured as asked: bad spec, unknown or duplicate run id. */
public class InvalidRunException extends RuntimeException {
    private final int status;

    public InvalidRunException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
