package dev.fluxion.autodiff.tensor;

import java.lang.System.Logger.Level;

/**
 * The numeric work of {@link GemmKernel}: rows {@code [i0, i1)} of one product, blocking and
 * micro-kernel included. Two implementations: {@link ScalarGemm} (plain Java, always available)
 * and {@code VectorGemm} (the incubating Vector API), loaded reflectively, the way Apache Lucene
 * loads its vectorization provider, only when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}; no other class references it, so the library works
 * (more slowly) without the module. Its source is in {@code src/main/vector}, compiled with the
 * module by a separate compiler execution, so neither the main sources nor javadoc see it.
 *
 * <p>Every provider computes each element as the FMA chain {@code s = fma(A(i,p), B(p,j), s)} over
 * {@code p = 0..k-1} in order, so the providers agree bit for bit and results do not depend on the
 * thread split. This holds in both precisions: the {@code float} product ({@link FloatOperands})
 * accumulates in {@code float}, each step one {@code float} FMA (one rounding), as OpenBLAS's SGEMM
 * accumulates in single precision. The system property {@code fluxion.gemm=scalar} forces the scalar provider;
 * {@code fluxion.gemm=vector} (the default) uses the Vector API when it is available.
 */
interface GemmProvider {
  /** The property that selects the provider: {@code scalar} or {@code vector}. */
  String PROPERTY = "fluxion.gemm";
  /** The name of the Vector API module. */
  String VECTOR_MODULE = "jdk.incubator.vector";

  /** A one-line description for the log: the class and, for SIMD, the vector shape. */
  String describe();

  /** Writes rows {@code [i0, i1)} of {@code C = op(A) @ op(B)} (all {@code o.n()} columns); {@code o.k() > 0}. */
  void rows(Operands o, int i0, int i1);

  /** The {@code float} product: rows {@code [i0, i1)} of {@code C = op(A) @ op(B)}; {@code o.k() > 0}. */
  void rows(FloatOperands o, int i0, int i1);

  /**
   * The operands: {@code A(i,p) = a[aOff + i*ars + p*acs]}, {@code B(p,j) = b[bOff + p*brs +
   * j*bcs]}, {@code C(i,j) = c[cOff + i*ldc + j]} for {@code j < n}; {@code ldc >= n} lets a
   * provider fill a band of columns of a wider C.
   */
  record Operands(int n, int k, double[] a, int aOff, int ars, int acs, double[] b, int bOff, int brs,
      int bcs, double[] c, int cOff, int ldc) {
    /** {@return the operands of columns {@code [j0, j1)} of C (this when that is all of them)} */
    Operands columns(int j0, int j1) {
      return j0 == 0 && j1 == n ? this
          : new Operands(j1 - j0, k, a, aOff, ars, acs, b, bOff + j0 * bcs, brs, bcs, c, cOff + j0, ldc);
    }
  }

  /** {@link Operands} of a {@code float} product, indexed the same way. */
  record FloatOperands(int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs,
      int bcs, float[] c, int cOff, int ldc) {
    /** {@return the operands of columns {@code [j0, j1)} of C (this when that is all of them)} */
    FloatOperands columns(int j0, int j1) {
      return j0 == 0 && j1 == n ? this
          : new FloatOperands(j1 - j0, k, a, aOff, ars, acs, b, bOff + j0 * bcs, brs, bcs, c, cOff + j0, ldc);
    }
  }

  /** The provider for this JVM, chosen by {@link #choose} from the system property; logs it once at DEBUG. */
  static GemmProvider load() {
    String wanted = System.getProperty(PROPERTY, "vector");
    GemmProvider p = choose(wanted);
    String why = p instanceof ScalarGemm && ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()
        ? " (run with --add-modules " + VECTOR_MODULE + " for the SIMD provider)"
        : p instanceof ScalarGemm ? " (" + PROPERTY + "=" + wanted + ")" : "";
    System.getLogger(GemmProvider.class.getName()).log(Level.DEBUG, "Fluxion GEMM provider: " + p.describe() + why);
    return p;
  }

  /** {@code VectorGemm} when {@code wanted} is not {@code scalar} and it loads, else {@link ScalarGemm}. */
  static GemmProvider choose(String wanted) {
    if (!"scalar".equalsIgnoreCase(wanted.strip())) {
      GemmProvider v = vector();
      if (v != null) {
        return v;
      }
    }
    return new ScalarGemm();
  }

  /**
   * {@code VectorGemm}, or null when the module is absent or the class fails to load. On the module
   * path {@code dev.fluxion.autodiff} reads the Vector API only from here (its module-info does not
   * name an incubator module); on the class path the unnamed module reads every module already.
   */
  static GemmProvider vector() {
    Module vector = ModuleLayer.boot().findModule(VECTOR_MODULE).orElse(null);
    if (vector == null) {
      return null;
    }
    try {
      GemmProvider.class.getModule().addReads(vector);
      Class<?> c = Class.forName(GemmProvider.class.getPackageName() + ".VectorGemm");
      return (GemmProvider) c.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }
}
