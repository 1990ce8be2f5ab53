package dev.fluxion.autodiff.docs;

import static dev.fluxion.autodiff.check.BadSin.badSin;
import static dev.fluxion.autodiff.check.SloppySin.sloppySin;
import static dev.fluxion.autodiff.expr.Fx.*;

import dev.fluxion.autodiff.ad.Bindings;
import dev.fluxion.autodiff.check.BadSin;
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
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Shape;
import dev.fluxion.autodiff.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The generated blocks of {@value #PATH}: code regions of this file quoted verbatim (between
 * {@code // docs:start name} and {@code // docs:end name}) and what they print.
 */
final class VerificationPage {
  /** The page, relative to the repository root. */
  static final String PATH = "docs/gradient-verification.md";
  /** This file, relative to the module directory (where Surefire runs). */
  static final String SOURCE = "src/test/java/dev/fluxion/autodiff/docs/VerificationPage.java";

  private VerificationPage() {}

  static Map<String, String> blocks() {
    Map<String, String> b = new LinkedHashMap<>();
    b.put("check-kinds", checkKinds());
    b.put("code-passing", DocsPages.region(SOURCE, "passing"));
    b.put("passing", passing());
    b.put("defaults", DocsPages.code("Options.defaults()  →  " + Options.defaults()));
    b.put("code-richardson", DocsPages.region(SOURCE, "richardson"));
    b.put("richardson", richardson());
    b.put("code-failure", DocsPages.region(SOURCE, "failure"));
    b.put("failure", failure());
    b.put("code-shrinking", DocsPages.region(SOURCE, "shrinking"));
    b.put("shrinking", shrinking());
    b.put("generator-ops", generatorOps());
    b.put("code-float32", DocsPages.region(SOURCE, "float32"));
    b.put("float32", float32());
    return b;
  }

  private static String checkKinds() {
    StringBuilder sb = new StringBuilder("| `CheckKind` | compares |\n|:--|:--|\n");
    for (CheckKind k : CheckKind.values()) {
      sb.append("| `").append(k.name()).append("` | ").append(k.description()).append(" |\n");
    }
    return sb.toString();
  }

  private static String passing() {
    // docs:start passing
    Expr x1 = variable("x1");
    Expr x2 = variable("x2");
    Expr f = log(x1).plus(x1.times(x2)).minus(sin(x2));
    Report r = GradCheck.check(f, Bindings.of("x1", 2.0).with("x2", 5.0));
    Report s = GradCheck.check(x -> sum(softplus(x).times(x)), Tensor.vector(0.5, -1.0, 2.0));
    // docs:end passing
    return DocsPages.code(r.toString(), s.toString());
  }

  private static String richardson() {
    // docs:start richardson
    Expr f = exp(variable("x"));
    Bindings at = Bindings.of("x", 1.0);
    Options tight = Options.defaults().withStep(1e-3).withTolerance(1e-9, 0).withChecks(CheckKind.FORWARD_VS_FD);
    Report plain = GradCheck.check(f, at, tight.withRichardson(false));
    Report extrapolated = GradCheck.check(f, at, tight);
    // docs:end richardson
    return DocsPages.code("without Richardson: " + plain, "with Richardson:    " + extrapolated);
  }

  private static String failure() {
    // docs:start failure
    Expr x = variable("x", 3);
    Expr f = badSin(exp(x.times(0.5))).times(x).sum();   // badSin: a correct JVP, a VJP off by 1.5x
    Report r = GradCheck.check(f, Bindings.of("x", Tensor.vector(0.3, -0.8, 1.1)));
    // docs:end failure
    return DocsPages.code(r.toString().split("\n"));
  }

  private static String shrinking() {
    // docs:start shrinking
    List<OpBuilder> ops = new ArrayList<>(OpBuilders.standard());
    ops.add(OpBuilder.unary("badSin", BadSin::badSin));
    ExprGenConfig config = ExprGenConfig.of(Map.of("x", Shape.of(2, 3), "y", Shape.of(3), "s", Shape.scalar()))
        .withOps(ops).withMaxOps(12);
    Gen<Expr> exprs = Gens.exprs(config);
    Options reverseOnly = Options.defaults().withChecks(CheckKind.REVERSE_VS_FD);
    String message;
    try {
      Property.forAll(exprs, 31337L, 200, e -> {
        Bindings at = Gens.bindings(e, config.domain()).generate(new SplittableRandom(7));
        Report r = GradCheck.check(e, at, reverseOnly);
        if (!r.passed()) {
          throw new AssertionError(r.culprit());
        }
      });
      message = "no failure";
    } catch (PropertyFailure failure) {
      message = failure.getMessage();
    }
    // docs:end shrinking
    return DocsPages.code(message.split("\n"));
  }

  private static String float32() {
    // docs:start float32
    Expr x = variable("x", Shape.of(3), DType.FLOAT32);
    Bindings at = Bindings.of("x", Tensor.vector(0.3, -0.8, 1.1).cast(DType.FLOAT32));
    Report good = GradCheck.check(sum(exp(x.times(0.5)).times(sin(x))), at);
    Report sloppy = GradCheck.check(sum(sloppySin(x).times(x)), at);   // sloppySin: float32 kernel off by 1%
    // docs:end float32
    return DocsPages.code((good + "\n" + sloppy).split("\n"));
  }

  private static String generatorOps() {
    List<String> names = OpBuilders.standard().stream().map(OpBuilder::name).toList();
    return DocsPages.code(names.size() + " ops: " + String.join(", ", names));
  }
}
