package io.hammer.anvil;

import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin} (basic auth): what Anvil received, as a page for people and as JSON for scripts
 * and for Hammer's run summary; and fault injection for tests and demos.
 */
@RestController
@RequestMapping("/admin")
public class AdminController {
    private final OrderLedger ledger;
    private final OrderJournal journal;
    private final FaultInjector faults;

    public AdminController(OrderLedger ledger, OrderJournal journal, FaultInjector faults) {
        this.ledger = ledger;
        this.journal = journal;
        this.faults = faults;
    }

    @GetMapping(produces = MediaType.TEXT_HTML_VALUE)
    public String page() {
        return AdminPage.render(ledger.totals(), ledger.runs().values(), faults.current().orElse(null), journal.file());
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> json() {
        return Map.of("totals", ledger.totals(), "runs", ledger.runs().values(), "journal", journal.file().toString());
    }

    /** One run's figures with {@code runId}, the totals without. */
    @GetMapping(path = "/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    public Object stats(@RequestParam(required = false) String runId) {
        return runId == null ? ledger.totals() : ledger.run(runId);
    }

    @GetMapping(path = "/fault", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> fault() {
        return faults.current().<Map<String, Object>>map(fault -> Map.of("fault", fault)).orElse(Map.of());
    }

    @PutMapping(path = "/fault", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> inject(@RequestBody FaultInjector.Fault fault) {
        List<String> problems = fault.problems();
        if (!problems.isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("error", String.join("; ", problems)));
        }
        faults.inject(fault);
        return ResponseEntity.ok(Map.of("fault", fault));
    }

    @DeleteMapping("/fault")
    public ResponseEntity<Void> clear() {
        faults.clear();
        return ResponseEntity.noContent().build();
    }
}
