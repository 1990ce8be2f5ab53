package dev.fluxion.examples;

import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.CheckKind;
import dev.fluxion.autodiff.check.ExprGenConfig;
import dev.fluxion.autodiff.check.Gen;
import dev.fluxion.autodiff.check.Gens;
import dev.fluxion.autodiff.check.GradCheck;
import dev.fluxion.autodiff.check.OpBuilder;
import dev.fluxion.autodiff.check.OpBuilders;
import dev.fluxion.autodiff.check.Options;
import dev.fluxion.autodiff.check.Property;
import dev.fluxion.autodiff.check.PropertyFailure;
import dev.fluxion.autodiff.check.Report;
import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.expr.Exprs;
import dev.fluxion.autodiff.tensor.Key;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.examples.support.Summary;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Synthetic;
import dev.fluxion.nn.loss.Losses;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./fluxion example gradcheck}: gradient verification as a user does it. Correct functions
 * (a softplus/tanh composition and a small network's loss) pass every check; a custom op with a
 * 1% error in its derivative ({@link MySoftplus}) is caught inside a network and localized to its
 * node; and random expressions that may use it are checked until one fails, which is shrunk to a
 * minimal expression reported with its seed.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
    description = "Verify gradients; catch, localize and shrink a deliberately wrong derivative rule.")
public final class GradCheckExample implements Callable<Integer> {
  /** The variables of the random expressions. */
  private static final Map<String, Shape> VARIABLES = Map.of("x", Shape.of(2, 3), "y", Shape.of(3),
      "s", Shape.scalar());

  /** The seed of the network's point and of the random expressions; the example writes no files. */
  @Option(names = "--seed", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--tries", defaultValue = "200", description = "random expressions to try (default ${DEFAULT-VALUE})")
  int tries;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (tries < 1) {
      throw new IllegalArgumentException("--tries must be >= 1, got " + tries);
    }
    PrintWriter out = spec.commandLine().getOut();
    Dataset xor = Synthetic.xor();
    Bindings at = networkPoint(Key.of(seed));

    out.println("1. Correct rules: every check passes (finite differences, forward vs reverse, symbolic, second order)");
    UnaryOperator<Expr> smooth = x -> sum(tanh(softplus(x).times(x)).minus(softplus(neg(x))));
    Report composition = GradCheck.check(smooth, Tensor.vector(0.5, -1.0, 2.0));
    Report network = GradCheck.check(network(xor, x -> tanh(x)), at);
    out.println("   " + composition);
    out.println("   " + network);
    boolean correctPassed = composition.passed() && network.passed();

    out.println("2. A custom op whose derivative is 1% off (mySoftplus' = 1.01 sigmoid) as a network's activation");
    Report wrong = GradCheck.check(network(xor, MySoftplus::mySoftplus), at);
    out.println("   " + wrong.toString().replace("\n", "\n   "));
    Report.Culprit culprit = wrong.culprit();
    boolean caught = !wrong.passed() && culprit != null && culprit.op().equals(MySoftplus.OP.name());

    out.println("3. Random expressions that may use mySoftplus, until one fails; then shrunk");
    List<OpBuilder> ops = new ArrayList<>(OpBuilders.standard());
    ops.add(OpBuilder.unary("mySoftplus", MySoftplus::mySoftplus));
    ExprGenConfig config = ExprGenConfig.of(VARIABLES).withOps(ops).withMaxOps(12);
    Gen<Expr> exprs = Gens.exprs(config);
    Options reverseOnly = Options.defaults().withChecks(CheckKind.REVERSE_VS_FD);
    PropertyFailure failure = null;
    try {
      Property.forAll(exprs, seed, tries, e -> {
        Report r = GradCheck.check(e, pointFor(e, config), reverseOnly);
        if (!r.passed()) {
          throw new AssertionError(r.toString());
        }
      });
      out.println("   no failure in " + tries + " random expressions");
    } catch (PropertyFailure f) {
      failure = f;
      out.println("   " + f.getMessage().lines().limit(4).reduce((a, b) -> a + "\n   " + b).orElse(""));
    }

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("correct_passed", correctPassed);
    summary.put("wrong_caught", caught);
    summary.put("culprit", culprit == null ? "none" : culprit.op());
    summary.put("property_failed", failure != null);
    summary.put("shrunk_nodes", failure == null ? 0 : Exprs.nodeCount((Expr) failure.shrunk()));
    summary.put("original_nodes", failure == null ? 0 : Exprs.nodeCount((Expr) failure.original()));
    summary.put("seed", seed);
    summary.put("try", failure == null ? 0 : failure.tryNumber());
    Summary.print(out, summary);
    return 0;
  }

  /**
   * A 2-3-2 network's mean cross-entropy on the XOR points, {@code activation} between its
   * layers: a function of the variables {@code w1 [2, 3]}, {@code b1 [3]}, {@code w2 [3, 2]},
   * {@code b2 [2]}.
   */
  static Expr network(Dataset data, UnaryOperator<Expr> activation) {
    Expr x = constant(data.features());
    Expr hidden = activation.apply(matmul(x, variable("w1", 2, 3)).plus(variable("b1", 3)));
    Expr logits = matmul(hidden, variable("w2", 3, 2)).plus(variable("b2", 2));
    return Losses.softmaxCrossEntropy(logits, data.targets());
  }

  /** Random parameters of {@link #network}, uniform in [-1, 1]. */
  private static Bindings networkPoint(Key key) {
    Key[] k = key.split(4);
    return Bindings.of("w1", Tensor.uniform(k[0], Shape.of(2, 3), -1, 1))
        .with("b1", Tensor.uniform(k[1], Shape.of(3), -1, 1))
        .with("w2", Tensor.uniform(k[2], Shape.of(3, 2), -1, 1))
        .with("b2", Tensor.uniform(k[3], Shape.of(2), -1, 1));
  }

  /** A point for {@code e}'s variables that depends only on their names and shapes, so it is stable under shrinking. */
  private static Bindings pointFor(Expr e, ExprGenConfig config) {
    return Gens.bindings(e, config.domain()).generate(new SplittableRandom(7));
  }
}
