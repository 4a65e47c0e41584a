package io.samplerkit.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.samplerkit.solvers.SolverEntry;
import io.samplerkit.solvers.SolverRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samplerkit list}: every registered solver with its family, description and options. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List every registered solver with its family, description and options.")
final class ListCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of text.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SolverRegistry registry = SolverRegistry.standard();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode all = mapper.createArrayNode();
            for (SolverEntry e : registry.entries()) {
                ObjectNode s = all.addObject();
                s.put("name", e.name());
                s.put("family", e.family().text());
                s.put("description", e.description());
                ArrayNode options = s.putArray("options");
                for (io.samplerkit.solvers.Option<?> o : e.options()) {
                    ObjectNode n = options.addObject();
                    n.put("name", o.name());
                    n.put("type", o.type());
                    n.put("default", o.defaultText());
                    n.put("allowed", o.allowed());
                    n.put("description", o.description());
                }
            }
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(all));
        } else {
            for (SolverEntry e : registry.entries()) {
                out.printf("%s  [%s]  %s%n", e.name(), e.family(), e.description());
                if (e.options().isEmpty()) {
                    out.println("    (no options)");
                }
                for (io.samplerkit.solvers.Option<?> o : e.options()) {
                    out.printf("    %s  %s  default %s  allowed %s  %s%n", o.name(), o.type(), o.defaultText(),
                            o.allowed(), o.description());
                }
            }
        }
        out.flush();
        return 0;
    }
}
