package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestFactory;

/**
 * Every op of the table, on random small inputs from its own domains, through every check of
 * {@link GradCheck}: first order against finite differences, the adjoint and symbolic identities,
 * and second order. Each op is its own dynamic test.
 */
class OpProperties {
  private static final int TRIES = 20;
  private static final List<OpSpec> TABLE = OpTable.rows();

  private static Stream<DynamicTest> forEachOp(CheckKind... checks) {
    return TABLE.stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> Property.forAll(row.inputs(),
        seed(row), TRIES, (List<Tensor> xs) -> GradCheck.assertCorrect(row.expr(xs), OpSpec.bindings(xs),
            row.options().withChecks(checks)))));
  }

  private static long seed(OpSpec row) {
    return 0x5EEDL + row.name().hashCode();
  }

  @Nested
  class FirstOrder {
    @TestFactory
    Stream<DynamicTest> shouldMatchFiniteDifferencesInReverseAndForwardMode() {
      return forEachOp(CheckKind.REVERSE_VS_FD, CheckKind.FORWARD_VS_FD);
    }
  }

  @Nested
  class Identities {
    @TestFactory
    Stream<DynamicTest> shouldSatisfyTheAdjointIdentityAndAgreeSymbolically() {
      return forEachOp(CheckKind.ADJOINT, CheckKind.SYMBOLIC);
    }
  }

  @Nested
  class SecondOrder {
    @TestFactory
    Stream<DynamicTest> shouldMatchFiniteDifferencesOfTheGradientAndTheSymbolicHessian() {
      return forEachOp(CheckKind.HVP_VS_FD, CheckKind.SYMBOLIC_SECOND);
    }
  }
}
