package io.hammer.anvil;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders}: the target's one business endpoint. 201 once the order is in the journal
 * (a duplicate id is accepted and counted); 400 for a body that is not an order, 413 for one over
 * {@code anvil.max-order-bytes}; an injected fault's status while one is active.
 */
@RestController
public class OrderController {
    private final OrderJournal journal;
    private final OrderLedger ledger;
    private final FaultInjector faults;
    private final int maxOrderBytes;

    public OrderController(OrderJournal journal, OrderLedger ledger, FaultInjector faults, AnvilProperties properties) {
        this.journal = journal;
        this.ledger = ledger;
        this.faults = faults;
        this.maxOrderBytes = properties.maxOrderBytes();
    }

    @PostMapping(path = "/orders", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> receive(HttpServletRequest request) throws IOException, InterruptedException {
        ledger.request();
        Optional<FaultInjector.Fault> fault = faults.take();
        if (fault.isPresent()) {
            Optional<Integer> status = FaultInjector.apply(fault.get());
            if (status.isPresent()) {
                return error(HttpStatus.valueOf(status.get()), "injected fault: status " + status.get());
            }
        }
        if (request.getContentLengthLong() > maxOrderBytes) {
            return tooLarge(request.getContentLengthLong());
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxOrderBytes + 1);
        }
        if (body.length > maxOrderBytes) {
            return tooLarge(body.length);
        }
        ReceivedOrder order;
        try {
            order = ReceivedOrder.read(body);
        } catch (ReceivedOrder.MalformedOrderException e) {
            return error(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        journal.append(body, order.runId());
        boolean first = ledger.accepted(order);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Map.of("status", "accepted", "orderId", order.orderId(), "duplicate", !first));
    }

    private ResponseEntity<Map<String, Object>> tooLarge(long bytes) {
        return error(HttpStatus.PAYLOAD_TOO_LARGE, "order of " + bytes + " bytes exceeds the limit of " + maxOrderBytes + " bytes");
    }

    private ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        ledger.error();
        return ResponseEntity.status(status).body(Map.of("error", message));
    }
}
