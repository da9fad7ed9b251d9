package io.hammer.console.web;

import io.hammer.engine.backup.BackupCatalog;
import io.hammer.engine.run.InvalidRunException;
import io.hammer.engine.template.TemplateService;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * Replay a Kafka range and restore a backup: the engine's route templates, instantiated as the REST
 * API does; a refused range or archive comes back on the form with the template's own reason.
 */
@Controller
public class TemplatePages {
    private static final String[] REPLAY = {"runId", "topic", "rangeType", "range", "sourceRun", "speed", "rateProfile"};
    private static final String[] RESTORE = {"location", "runId", "rateProfile"};

    private final TemplateService templates;
    private final BackupCatalog backups;

    public TemplatePages(TemplateService templates, BackupCatalog backups) {
        this.templates = templates;
        this.backups = backups;
    }

    @GetMapping("/replay")
    public String replayForm(Model model) {
        model.addAttribute("form", Map.of("runId", "replay-" + System.currentTimeMillis() / 1000, "topic", "messages",
                "rangeType", "sequences", "speed", "1"));
        return "console/replay";
    }

    @PostMapping("/replay")
    public ModelAndView replay(@RequestParam Map<String, String> request) throws InterruptedException {
        Map<String, String> form = fields(request, REPLAY);
        Map<String, String> parameters = new LinkedHashMap<>(form);
        String rangeType = parameters.remove("rangeType");
        String range = parameters.remove("range");
        if (!java.util.List.of("sequences", "offsets", "window").contains(rangeType)) {
            return refused("console/replay", form, new InvalidRunException(400, "choose a range: sequences, offsets or window"));
        }
        if (range.isBlank()) {
            return refused("console/replay", form, new InvalidRunException(400, "the range (" + rangeType + ") is required"));
        }
        parameters.put(rangeType, range);
        return instantiate("replay", parameters, "console/replay", form);
    }

    @GetMapping("/restore")
    public String restoreForm(Model model) {
        model.addAttribute("form", Map.of());
        model.addAttribute("backups", backups.list(null));
        return "console/restore";
    }

    @PostMapping("/restore")
    public ModelAndView restore(@RequestParam Map<String, String> request) throws InterruptedException {
        Map<String, String> form = fields(request, RESTORE);
        if (form.get("location").isBlank()) {
            return refused("console/restore", form, new InvalidRunException(400, "choose a backup to restore"));
        }
        return instantiate("restore", new LinkedHashMap<>(form), "console/restore", form);
    }

    private ModelAndView instantiate(String template, Map<String, String> parameters, String view, Map<String, String> form)
            throws InterruptedException {
        try {
            TemplateService.Instantiation done = templates.instantiate(template, parameters);
            String runId = runIdOf(done, parameters);
            return new ModelAndView(runId == null ? "redirect:/runs" : "redirect:/runs/" + runId);
        } catch (InvalidRunException e) {
            return refused(view, form, e);
        }
    }

    /** The run the template made: the given id, else (a restore under the backup's own id) the route's. */
    private static String runIdOf(TemplateService.Instantiation done, Map<String, String> parameters) {
        String runId = parameters.get("runId");
        if (runId != null && !runId.isBlank()) {
            return runId;
        }
        if (done.result() instanceof io.hammer.engine.backup.RunRestore.Result restored) {
            return restored.runId();
        }
        return null;
    }

    private ModelAndView refused(String view, Map<String, String> form, InvalidRunException e) {
        ModelAndView page = new ModelAndView(view);
        page.addObject("form", form);
        page.addObject("error", e.getMessage());
        if (view.endsWith("restore")) {
            page.addObject("backups", backups.list(null));
        }
        page.setStatus(HttpStatus.valueOf(e.status()));
        return page;
    }

    private static Map<String, String> fields(Map<String, String> request, String... names) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : names) {
            fields.put(name, request.getOrDefault(name, "").trim());
        }
        return fields;
    }
}
