package io.hammer.engine.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hammer template <replay|backup|restore> name=value ...}: instantiates a route template in
 * the running engine (which holds the Camel context the route must run in) and prints what it did;
 * {@code --yaml} prints the equivalent {@code templatedRoute} instead, for the engine's routes.
 */
@Command(name = "template", description = "Instantiate a route template (replay, backup, restore) in the engine.")
class TemplateCommand implements Callable<Integer> {
    @ParentCommand
    HammerCli cli;

    @Parameters(index = "0", paramLabel = "TEMPLATE", description = "replay, backup or restore")
    String template;

    @Parameters(index = "1..*", paramLabel = "NAME=VALUE", description = "The template's parameters (see `hammer templates`).")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--yaml", description = "Print the equivalent templatedRoute instead of calling the engine.")
    boolean yaml;

    @Override
    public Integer call() throws Exception {
        if (yaml) {
            cli.out().print(templatedRoute(template, parameters));
            return 0;
        }
        cli.printJson(cli.client().post("/api/templates/" + template, parameters));
        return 0;
    }

    /** The same instantiation as a YAML route file. */
    static String templatedRoute(String template, Map<String, String> parameters) {
        StringBuilder yaml = new StringBuilder("- templatedRoute:\n    routeTemplateRef: ").append(template).append('\n');
        if (parameters.containsKey("routeId")) {
            yaml.append("    routeId: ").append(quoted(parameters.get("routeId"))).append('\n');
        }
        yaml.append("    parameters:\n");
        parameters.forEach((name, value) -> {
            if (!name.equals("routeId")) {
                yaml.append("      - name: ").append(name).append("\n        value: ").append(quoted(value)).append('\n');
            }
        });
        return yaml.toString();
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
