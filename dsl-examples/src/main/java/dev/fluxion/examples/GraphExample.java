package dev.fluxion.examples;

import dev.fluxion.autodiff.ad.AD;
import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.expr.Fx;
import dev.fluxion.autodiff.expr.Var;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.autodiff.text.Dot;
import dev.fluxion.examples.support.ExampleOptions;
import dev.fluxion.examples.support.Graphviz;
import dev.fluxion.examples.support.Summary;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.layer.Activation;
import dev.fluxion.nn.layer.Mlp;
import dev.fluxion.nn.layer.Mode;
import dev.fluxion.nn.loss.Losses;
import dev.fluxion.nn.tree.Trees;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fluxion example graph}: the computational graph of a 2-3-2 tanh network's
 * cross-entropy loss on the four XOR points, and of its symbolic gradient, as Graphviz DOT files
 * ({@code loss.dot}, and {@code gradient.dot} where the loss and the four parameter gradients
 * share nodes), rendered to SVG and PNG when Graphviz's {@code dot} is installed.
 */
@Command(name = "graph", mixinStandardHelpOptions = true,
    description = "The graph of a small network's loss and of its gradient, as Graphviz DOT (and SVG/PNG).")
public final class GraphExample implements Callable<Integer> {
  @Mixin
  ExampleOptions options;

  @Option(names = "--dot-command", paramLabel = "PROGRAM", defaultValue = "dot",
      description = "the Graphviz program, a path or a name looked up on PATH (default ${DEFAULT-VALUE})")
  String dotCommand;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Dataset xor = Synthetic.xor();
    var model = Mlp.of(Activation.tanh(), 3, 2);
    var params = model.init(Key.of(options.seed), Shape.of(2));
    var flat = Trees.flatten(params);
    List<Var> leaves = flat.variables("");
    var traced = flat.def().unflatten(leaves);
    Expr x = Fx.variable("x", xor.features().shape().toArray());
    Expr logits = model.apply(traced, model.initState(Shape.of(2)), x, Mode.eval()).y();
    Expr loss = Losses.softmaxCrossEntropy(logits, xor.targets());

    Map<String, Tensor> values = new LinkedHashMap<>();
    values.put("x", xor.features());
    for (int i = 0; i < leaves.size(); i++) {
      values.put(leaves.get(i).name(), flat.values().get(i));
    }
    Bindings at = Bindings.of(values);

    Map<String, Expr> gradients = new LinkedHashMap<>();
    leaves.forEach(v -> gradients.put(v.name(), AD.gradExpr(loss, v.name())));
    Map<String, Expr> roots = new LinkedHashMap<>();
    roots.put("loss", loss);
    gradients.forEach((name, g) -> roots.put("∂loss/∂" + name, g));

    int nodes = Exprs.nodeCount(loss);
    List<Expr> gradientNodes = Exprs.topologicalOrder(gradients.values().toArray(Expr[]::new));
    Set<Expr> lossNodes = Collections.newSetFromMap(new IdentityHashMap<>());
    lossNodes.addAll(Exprs.topologicalOrder(loss));
    long shared = gradientNodes.stream().filter(lossNodes::contains).count();

    out.println(model.describe() + " on the 4 XOR points; parameters:");
    Trees.show(params).strip().lines().forEach(l -> out.println("  " + l));
    out.printf("loss = %.6f: %d nodes; its gradient: %d nodes, %d of them shared with the loss%n",
        AD.eval(loss, at).item(), nodes, gradientNodes.size(), shared);
    List<Path> dotFiles = List.of(
        Graphviz.write(Dot.of(loss, at), options.out, "loss"),
        Graphviz.write(Dot.of(roots, at), options.out, "gradient"));
    dotFiles.forEach(f -> out.println("wrote " + f));
    boolean rendered = render(out, dotFiles);

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("nodes", nodes);
    summary.put("gradient_nodes", gradientNodes.size());
    summary.put("shared_nodes", shared);
    summary.put("dot_files", dotFiles.size());
    summary.put("rendered", rendered);
    Summary.print(out, summary);
    return 0;
  }

  /** Renders each file to SVG and PNG if Graphviz is installed; else says how to get it. */
  private boolean render(PrintWriter out, List<Path> dotFiles) throws IOException {
    Optional<Path> dot = Graphviz.find(dotCommand);
    if (dot.isEmpty()) {
      out.println("Graphviz's '" + dotCommand + "' is not installed, so only the .dot files were written."
          + " To draw them: " + Graphviz.INSTALL_HINT + ", then e.g. dot -Tsvg " + dotFiles.get(0) + " -o loss.svg");
      return false;
    }
    List<Path> pictures = new ArrayList<>();
    for (Path f : dotFiles) {
      pictures.add(Graphviz.render(dot.get(), f, "svg"));
      pictures.add(Graphviz.render(dot.get(), f, "png"));
    }
    pictures.forEach(p -> out.println("rendered " + p));
    return true;
  }
}
