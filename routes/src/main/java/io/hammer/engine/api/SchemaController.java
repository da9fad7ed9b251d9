package io.hammer.engine.api;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The run spec's JSON Schema, as the engine checks specs with it: for editors, linters and other tools. */
@RestController
public class SchemaController {
    private static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");
    private final RunService runs;

    public SchemaController(RunService runs) {
        this.runs = runs;
    }

    @GetMapping("/api/schema/run-spec")
    public ResponseEntity<String> runSpec() {
        return ResponseEntity.ok().contentType(SCHEMA_JSON).body(runs.schema().text());
    }
}
