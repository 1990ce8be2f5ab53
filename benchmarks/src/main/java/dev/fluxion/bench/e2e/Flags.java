package dev.fluxion.bench.e2e;

import dev.fluxion.autodiff.tensor.DType;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The {@code --name value} pairs of a command line, read by name with a default (the last pair of a name wins). */
final class Flags {
  private final Map<String, String> values;

  private Flags(Map<String, String> values) {
    this.values = values;
  }

  /**
   * {@return the pairs of {@code args}}
   *
   * @param args {@code --name value} pairs
   * @param names the names allowed
   * @throws IllegalArgumentException for a name not in {@code names} or the last name without a value
   */
  static Flags parse(String[] args, Set<String> names) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!names.contains(args[i])) {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      values.put(args[i], args[i + 1]);
    }
    return new Flags(values);
  }

  /** {@return the value of {@code name} converted, or {@code otherwise} if absent; a bad number names the option} */
  private <T> @Nullable T get(String name, @Nullable T otherwise, Function<String, T> convert) {
    String v = values.get(name);
    if (v == null) {
      return otherwise;
    }
    try {
      return convert.apply(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": not a number: " + v, e);
    }
  }

  @Nullable String string(String name, @Nullable String otherwise) {
    return get(name, otherwise, Function.identity());
  }

  int integer(String name, int otherwise) {
    return get(name, otherwise, Integer::parseInt);
  }

  long whole(String name, long otherwise) {
    return get(name, otherwise, Long::parseLong);
  }

  @Nullable Double real(String name, @Nullable Double otherwise) {
    return get(name, otherwise, Double::parseDouble);
  }

  @Nullable Path path(String name, @Nullable Path otherwise) {
    return get(name, otherwise, Path::of);
  }

  DType dtype(String name, DType otherwise) {
    return get(name, otherwise, DType::floatOf);
  }
}
