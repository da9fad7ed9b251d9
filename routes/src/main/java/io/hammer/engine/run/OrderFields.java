package io.hammer.engine.run;

import java.util.Set;

/** Field names and allowed values of the order message, shared by the generator and the validator. */
public final class OrderFields {
    public static final String CL_ORD_ID = "clOrdId";
    public static final String RUN_ID = "runId";
    public static final String SEQ = "seq";
    public static final String SYMBOL = "symbol";
    public static final String SIDE = "side";
    public static final String QUANTITY = "quantity";
    public static final String PRICE = "price";
    public static final String ORDER_TYPE = "orderType";
    public static final String TIME_IN_FORCE_FIELD = "timeInForce";
    public static final String ACCOUNT = "account";

    public static final Set<String> SIDES = Set.of("BUY", "SELL");
    public static final Set<String> ORDER_TYPES = Set.of("LIMIT", "MARKET");
    public static final Set<String> TIME_IN_FORCE = Set.of("DAY", "GTC", "IOC", "FOK");

    /** Kafka record headers: which run an order belongs to and its sequence number in the run. */
    public static final String RUN_HEADER = "hammer-run-id";
    public static final String SEQ_HEADER = "hammer-seq";

    private OrderFields() {
    }

    /** Client order ids sort in sequence order and stay unique within a run. */
    public static String clOrdId(String runId, long seq) {
        return runId + "-" + String.format("%012d", seq);
    }

    /** The run of a client order id made by {@link #clOrdId}, or null for any other id. */
    public static String runOf(String clOrdId) {
        int dash = clOrdId.lastIndexOf('-');
        return dash > 0 && clOrdId.length() - dash == 13 ? clOrdId.substring(0, dash) : null;
    }
}
