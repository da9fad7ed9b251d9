package io.hammer.engine.account;

/**
 * What is measured of each order, so that a run says who was slow: its {@link #LATENCY} from the
 * intended send time to its outcome (what a user of the target would have seen; coordinated omission
 * cannot hide in it), which is Hammer's {@link #SEND_DELAY} (intended to actually sent) plus the
 * target's {@link #SERVICE_TIME} (actually sent to the outcome).
 */
public enum Measure {
    LATENCY("latency", "From the order's intended send time to its outcome"),
    SERVICE_TIME("serviceTime", "From the moment the order was really sent to its outcome: the target's time"),
    SEND_DELAY("sendDelay", "From the order's intended send time to the moment it was really sent: Hammer's delay");

    private final String key;
    private final String description;

    Measure(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** Its name in Redis fields and JSON. */
    public String key() {
        return key;
    }

    public String description() {
        return description;
    }
}
