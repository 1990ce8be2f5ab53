package dev.fluxion.autodiff.check;

import dev.fluxion.autodiff.tensor.Checks;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A seeded generator of random values together with a shrinker: the two halves of a property
 * test. Generation is deterministic in the generator state it is given; shrinking proposes
 * smaller candidates, simplest first, each of which must itself be a value this generator could
 * stand behind (well-formed, inside its domain).
 *
 * @param <T> the generated type
 */
public interface Gen<T> {
  /**
   * {@return A fresh value drawn from {@code rng}}
   *
   * @param rng the only source of randomness; the same state gives the same value
   */
  T generate(SplittableRandom rng);

  /**
   * {@return smaller candidates than {@code value}, simplest first; empty if {@code value} is minimal}
   *
   * @param value a value this generator produced or shrank to
   */
  Stream<T> shrink(T value);

  /**
   * {@return A readable description of {@code value} for failure messages (default {@code String.valueOf})}
   *
   * @param value a value this generator produced
   */
  default String describe(T value) {
    return String.valueOf(value);
  }

  /**
   * {@return A generator from its two halves}
   *
   * @param generate draws a value
   * @param shrink proposes smaller candidates, simplest first
   * @param <T> the value type
   * @throws IllegalArgumentException if an argument is null
   */
  static <T> Gen<T> of(Function<SplittableRandom, T> generate, Function<T, Stream<T>> shrink) {
    Checks.notNull(generate, "generate");
    Checks.notNull(shrink, "shrink");
    return new Gen<>() {
      @Override
      public T generate(SplittableRandom rng) {
        return generate.apply(rng);
      }

      @Override
      public Stream<T> shrink(T value) {
        return shrink.apply(value);
      }
    };
  }

  /**
   * {@return values {@code to(t)}; shrinks through {@code from}: a candidate is {@code to} of a shrunk
   * {@code from(value)}}
   *
   * @param to the function applied to each value
   * @param from a right inverse of {@code to} ({@code to(from(r))} equals {@code r})
   * @param <R> the result type
   */
  default <R> Gen<R> map(Function<? super T, ? extends R> to, Function<? super R, ? extends T> from) {
    Checks.notNull(to, "to");
    Checks.notNull(from, "from");
    Gen<T> self = this;
    return Gen.of(rng -> to.apply(self.generate(rng)), r -> self.shrink(from.apply(r)).map(to));
  }

  /**
   * {@return values {@code to(t)} that do not shrink (use {@link #map(Function, Function)} to keep shrinking)}
   *
   * @param <R> the result type
   * @param to the function applied to each value
   */
  default <R> Gen<R> map(Function<? super T, ? extends R> to) {
    Checks.notNull(to, "to");
    Gen<T> self = this;
    return Gen.of(rng -> to.apply(self.generate(rng)), r -> Stream.empty());
  }

  /**
   * {@return A dependent generator ("flatMap-lite"): {@code next(t)} draws the value from {@code t}, and
   * shrinking keeps the structure of the value, asking {@code next.shrinker(value)} for candidates}
   *
   * @param next builds the inner value from an outer one
   * @param shrinker shrinks an inner value without knowing its outer value
   * @param <R> the result type
   */
  default <R> Gen<R> flatMap(BiFunction<T, SplittableRandom, R> next, Function<R, Stream<R>> shrinker) {
    Checks.notNull(next, "next");
    Checks.notNull(shrinker, "shrinker");
    Gen<T> self = this;
    return Gen.of(rng -> next.apply(self.generate(rng), rng), shrinker);
  }

  /**
   * {@return the values satisfying {@code valid}: generation retries (at most 1000 times), shrinking drops
   * invalid candidates}
   *
   * @param valid the validation data
   * @throws IllegalStateException from {@code generate} if 1000 draws in a row are invalid
   */
  default Gen<T> filter(Predicate<? super T> valid) {
    Checks.notNull(valid, "valid");
    Gen<T> self = this;
    return new Gen<>() {
      @Override
      public T generate(SplittableRandom rng) {
        for (int i = 0; i < 1000; i++) {
          T t = self.generate(rng);
          if (valid.test(t)) {
            return t;
          }
        }
        throw new IllegalStateException("filter: 1000 generated values in a row were rejected");
      }

      @Override
      public Stream<T> shrink(T value) {
        return self.shrink(value).filter(valid);
      }

      @Override
      public String describe(T value) {
        return self.describe(value);
      }
    };
  }

  /**
   * {@return this generator with {@code describer} for failure messages}
   *
   * @param describer how to print a value
   */
  default Gen<T> describedBy(Function<? super T, String> describer) {
    Checks.notNull(describer, "describer");
    Gen<T> self = this;
    return new Gen<>() {
      @Override
      public T generate(SplittableRandom rng) {
        return self.generate(rng);
      }

      @Override
      public Stream<T> shrink(T value) {
        return self.shrink(value);
      }

      @Override
      public String describe(T value) {
        return describer.apply(value);
      }
    };
  }
}
