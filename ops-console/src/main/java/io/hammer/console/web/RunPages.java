package io.hammer.console.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hammer.console.ConsoleProperties;
import io.hammer.console.runs.DeadLetterSamples;
import io.hammer.console.runs.LiveFigures;
import io.hammer.console.runs.RunEvents;
import io.hammer.console.runs.RunForm;
import io.hammer.engine.api.RunService;
import io.hammer.engine.report.RunReport;
import io.hammer.engine.report.RunReports;
import io.hammer.engine.run.InvalidRunException;
import io.hammer.engine.run.RunSpec;
import io.hammer.engine.run.RunStore;
import io.hammer.engine.template.TemplateService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The runs: list, new run, a run's page with its live figures and its actions. */
@Controller
public class RunPages {
    private final RunService runs;
    private final RunStore store;
    private final RunReports reports;
    private final TemplateService templates;
    private final LiveFigures figures;
    private final RunEvents events;
    private final DeadLetterSamples deadLetters;
    private final ConsoleProperties properties;
    private final ObjectMapper json;

    public RunPages(RunService runs, RunStore store, RunReports reports, TemplateService templates, LiveFigures figures,
                    RunEvents events, DeadLetterSamples deadLetters, ConsoleProperties properties, ObjectMapper json) {
        this.runs = runs;
        this.store = store;
        this.reports = reports;
        this.templates = templates;
        this.figures = figures;
        this.events = events;
        this.deadLetters = deadLetters;
        this.properties = properties;
        this.json = json;
    }

    @GetMapping("/")
    public String home() {
        return "redirect:/runs";
    }

    /** One row of the runs list. */
    public record Row(RunService.RunInfo run, LiveFigures.Figures figures) {
    }

    @GetMapping("/runs")
    public String list(Model model) {
        List<Row> rows = new ArrayList<>();
        for (RunService.RunInfo run : runs.list()) {
            rows.add(new Row(run, run.error() == null ? figures.of(run.runId()) : null));
        }
        java.util.Collections.reverse(rows); // newest first
        model.addAttribute("rows", rows);
        return "console/runs";
    }

    @GetMapping("/runs/new")
    public String newRun(Model model) {
        RunForm form = new RunForm();
        form.setRunId("run-" + System.currentTimeMillis() / 1000);
        model.addAttribute("form", form);
        return "console/new-run";
    }

    @PostMapping("/runs")
    public ModelAndView start(@ModelAttribute("form") RunForm form) {
        try {
            RunSpec started = runs.start(form.toSpec(json));
            return new ModelAndView("redirect:/runs/" + started.runId());
        } catch (InvalidRunException e) {
            ModelAndView page = new ModelAndView("console/new-run", Map.of("form", form, "error", e.getMessage()));
            page.setStatus(HttpStatus.valueOf(e.status()));
            return page;
        }
    }

    @GetMapping("/runs/{runId}")
    public String run(@PathVariable String runId, Model model) throws JsonProcessingException {
        LiveFigures.Figures now = figures.of(runId);
        RunReport report = reports.build(runId);
        model.addAttribute("runId", runId);
        model.addAttribute("figures", now);
        model.addAttribute("report", report);
        model.addAttribute("paced", report.spec().rate() != null);
        model.addAttribute("specJson", json.writerWithDefaultPrettyPrinter().writeValueAsString(report.spec()));
        model.addAttribute("rateWindows", scriptJson(report.rate()));
        model.addAttribute("latencySeconds", scriptJson(report.seconds()));
        model.addAttribute("initialJson", scriptJson(now));
        model.addAttribute("deadLetters", deadLetters.of(runId));
        model.addAttribute("grafanaUrl", properties.grafanaUrl(runId));
        model.addAttribute("run", store.runHash(runId));
        return "console/run";
    }

    /** JSON to embed in a script element: "</" written so that it cannot close the element. */
    private String scriptJson(Object value) throws JsonProcessingException {
        return json.writeValueAsString(value).replace("</", "<\\/");
    }

    @GetMapping(path = "/runs/{runId}/events", produces = "text/event-stream")
    public SseEmitter live(@PathVariable String runId) {
        return events.stream(runId);
    }

    @PostMapping("/runs/{runId}/rate")
    public String rate(@PathVariable String runId, @RequestParam(defaultValue = "") String perSecond, RedirectAttributes flash) {
        double rate;
        try {
            rate = Double.parseDouble(perSecond.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRunException(400, "the new rate must be a number of orders per second, was '" + perSecond + "'");
        }
        runs.changeRate(runId, rate);
        flash.addFlashAttribute("message", String.format("Rate changed to %,.0f orders/s.", rate));
        return "redirect:/runs/" + runId;
    }

    @PostMapping("/runs/{runId}/pause")
    public String pause(@PathVariable String runId, RedirectAttributes flash) {
        runs.pause(runId);
        flash.addFlashAttribute("message", "Run paused: nothing is produced or sent until it is resumed.");
        return "redirect:/runs/" + runId;
    }

    @PostMapping("/runs/{runId}/resume")
    public String resume(@PathVariable String runId, RedirectAttributes flash) {
        runs.resume(runId);
        flash.addFlashAttribute("message", "Run resumed.");
        return "redirect:/runs/" + runId;
    }

    @PostMapping("/runs/{runId}/abort")
    public String abort(@PathVariable String runId, RedirectAttributes flash) {
        runs.abort(runId);
        flash.addFlashAttribute("message", "Run aborted: what was not produced is abandoned, what is in Kafka is dead-lettered.");
        return "redirect:/runs/" + runId;
    }

    @PostMapping("/runs/{runId}/backup")
    public String backup(@PathVariable String runId, RedirectAttributes flash) throws InterruptedException {
        figures.of(runId); // 404 for an unknown run, before a route is made
        TemplateService.Instantiation done = templates.instantiate("backup", Map.of("runId", runId));
        flash.addFlashAttribute("message", done.result() instanceof io.hammer.engine.backup.BackupFormat.Info info
                ? String.format("Backed up to %s (%,d bytes).", info.file(), info.bytes())
                : "The backup is still being written; it will be listed under Restore.");
        return "redirect:/runs/" + runId;
    }
}
