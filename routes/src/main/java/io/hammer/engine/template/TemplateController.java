package io.hammer.engine.template;

import io.hammer.engine.api.ErrorMessages;
import io.hammer.engine.backup.BackupCatalog;
import io.hammer.engine.backup.BackupFormat;
import io.hammer.engine.run.InvalidRunException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of the route templates: list them with their parameters, instantiate one
 * ({@code POST /api/templates/{template}} with the parameters as a JSON object), and list backups.
 */
@RestController
public class TemplateController {
    private final TemplateService templates;
    private final BackupCatalog backups;

    public TemplateController(TemplateService templates, BackupCatalog backups) {
        this.templates = templates;
        this.backups = backups;
    }

    @GetMapping("/api/templates")
    public List<TemplateService.TemplateInfo> templates() {
        return templates.templates();
    }

    @GetMapping("/api/templates/{template}")
    public TemplateService.TemplateInfo template(@PathVariable String template) {
        return templates.template(template);
    }

    /** 201 when the template's work is done (the result is in the body), 202 when it is still going on. */
    @PostMapping("/api/templates/{template}")
    public ResponseEntity<TemplateService.Instantiation> instantiate(@PathVariable String template,
                                                                     @RequestBody(required = false) Map<String, Object> parameters)
            throws InterruptedException {
        Map<String, String> values = new LinkedHashMap<>();
        if (parameters != null) {
            parameters.forEach((name, value) -> values.put(name, value == null ? null
                    : value instanceof Map<?, ?> || value instanceof List<?> ? json(value) : value.toString()));
        }
        TemplateService.Instantiation done = templates.instantiate(template, values);
        return ResponseEntity.status("done".equals(done.status()) ? HttpStatus.CREATED : HttpStatus.ACCEPTED).body(done);
    }

    @GetMapping("/api/backups")
    public List<BackupFormat.Info> backups(@RequestParam(required = false) String dir) {
        return backups.list(dir);
    }

    @ExceptionHandler(InvalidRunException.class)
    ResponseEntity<Map<String, String>> invalid(InvalidRunException e) {
        return ResponseEntity.status(e.status()).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "parameters must be a JSON object: " + ErrorMessages.unreadable(e)));
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<Map<String, String>> failed(IllegalStateException e) {
        return ResponseEntity.internalServerError().body(Map.of("error", String.valueOf(e.getMessage())));
    }

    /** A structured parameter (a rate profile given as an object) is passed on as its JSON text. */
    private static String json(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidRunException(400, "unreadable parameter value " + value);
        }
    }
}
