package dev.fluxion.nn.privacy;

/**
 * Privacy spent by DP-SGD, by Rényi differential privacy (Mironov 2017; the sampled Gaussian mechanism of
 * Mironov, Talwar and Zhang 2019): each step samples a fraction {@code q} of the data and adds noise of
 * multiplier {@code σ}; at integer order {@code α >= 2} one step costs
 * {@code ε_α = log(Σ_{k=0..α} C(α,k) (1−q)^(α−k) q^k e^((k²−k)/(2σ²))) / (α−1)}, steps add up, and
 * {@code (ε, δ)}-privacy follows as {@code ε = min_α (T ε_α + log(1/δ)/(α−1))}. Orders 2 to 256.
 *
 * <p>The bound assumes each example joins each step independently with probability {@code q} (Poisson
 * sampling); training on shuffled fixed-size batches, as most DP-SGD code does, is the usual
 * approximation of it.
 */
public final class RdpAccountant {
  private static final int MAX_ORDER = 256;

  private RdpAccountant() {}

  /**
   * {@return the Rényi divergence bound {@code ε_α} of one step at integer order {@code α}}
   *
   * @param q the sampling rate, in {@code (0, 1]}
   * @param sigma the noise multiplier, {@code > 0}
   * @param alpha the order, {@code >= 2}
   * @throws IllegalArgumentException if an argument is out of its range
   */
  public static double rdp(double q, double sigma, int alpha) {
    check(q, sigma);
    if (alpha < 2) {
      throw new IllegalArgumentException("RdpAccountant: order " + alpha + " must be >= 2");
    }
    double[] logs = new double[alpha + 1];
    double logBinomial = 0;
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k <= alpha; k++) {
      if (k > 0) {
        logBinomial += Math.log(alpha - k + 1) - Math.log(k);
      }
      double t = logBinomial + k * Math.log(q) + ((double) k * k - k) / (2 * sigma * sigma);
      logs[k] = q == 1 ? (k == alpha ? t : Double.NEGATIVE_INFINITY) : t + (alpha - k) * Math.log1p(-q);
      max = Math.max(max, logs[k]);
    }
    double sum = 0;
    for (double l : logs) {
      sum += Math.exp(l - max);
    }
    return (max + Math.log(sum)) / (alpha - 1);
  }

  /**
   * {@return the {@code ε} of {@code (ε, δ)}-privacy after {@code steps} steps}
   *
   * @param q the sampling rate, batch size over data size, in {@code (0, 1]}
   * @param sigma the noise multiplier, {@code > 0}
   * @param steps the number of steps, {@code >= 0}
   * @param delta {@code δ}, in {@code (0, 1)}; usually below one over the data size
   * @throws IllegalArgumentException if an argument is out of its range
   */
  public static double epsilon(double q, double sigma, long steps, double delta) {
    check(q, sigma);
    if (steps < 0 || !(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("RdpAccountant: steps must be >= 0 and delta in (0, 1), got " + steps
          + " and " + delta);
    }
    double best = Double.POSITIVE_INFINITY;
    for (int alpha = 2; alpha <= MAX_ORDER; alpha++) {
      best = Math.min(best, steps * rdp(q, sigma, alpha) + Math.log(1 / delta) / (alpha - 1));
    }
    return best;
  }

  private static void check(double q, double sigma) {
    if (!(q > 0 && q <= 1) || !(sigma > 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("RdpAccountant: the sampling rate must be in (0, 1] and the noise"
          + " multiplier positive and finite, got " + q + " and " + sigma);
    }
  }
}
