package io.hammer.console.web;

import io.hammer.console.workers.ConsumerGroupView;
import io.hammer.console.workers.WorkerGroup;
import io.hammer.console.workers.Workers;
import io.hammer.engine.run.InvalidRunException;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The producer and consumer groups: replicas and health, scale to N and restart, through whichever
 * {@link Workers} this instance has (local routes or Kubernetes Deployments). Beside them, the
 * consumer group as Kafka sees it (members, partitions, lag) and the consumer pods that hold a
 * heartbeat in Redis (pace/Workers), which the pacer splits each run's rate between.
 */
@Controller
public class WorkersPage {
    private final ObjectProvider<Workers> workers;
    private final ConsumerGroupView consumerGroup;
    private final io.hammer.engine.pace.Workers heartbeats;

    public WorkersPage(ObjectProvider<Workers> workers, ConsumerGroupView consumerGroup, io.hammer.engine.pace.Workers heartbeats) {
        this.workers = workers;
        this.consumerGroup = consumerGroup;
        this.heartbeats = heartbeats;
    }

    @GetMapping("/workers")
    public String page(Model model) {
        Workers control = workers.getIfAvailable();
        model.addAttribute("control", control != null);
        model.addAttribute("groups", control == null ? List.<WorkerGroup>of() : control.groups());
        model.addAttribute("kafka", consumerGroup.read());
        model.addAttribute("consumers", heartbeats.live());
        return "console/workers";
    }

    @PostMapping("/workers/{group}/scale")
    public String scale(@PathVariable String group, @RequestParam(defaultValue = "") String replicas, RedirectAttributes flash) {
        int count;
        try {
            count = Integer.parseInt(replicas.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRunException(400, "replicas must be a whole number, was '" + replicas + "'");
        }
        if (count < 0) {
            throw new InvalidRunException(400, "replicas must be 0 or more, was " + count);
        }
        WorkerGroup scaled = control().scale(group, count);
        flash.addFlashAttribute("message", "Group " + scaled.name() + " scaled to " + scaled.replicas() + ".");
        return "redirect:/workers";
    }

    @PostMapping("/workers/{group}/restart")
    public String restart(@PathVariable String group, RedirectAttributes flash) {
        WorkerGroup restarted = control().restart(group);
        flash.addFlashAttribute("message", "Group " + restarted.name() + " is restarting.");
        return "redirect:/workers";
    }

    private Workers control() {
        Workers control = workers.getIfAvailable();
        if (control == null) {
            throw new InvalidRunException(404, "this instance has no worker control");
        }
        return control;
    }
}
