package dev.fluxion.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Lets a formula start with a unary minus ({@code fluxion eval "-x^2" --at x=3}), with options
 * before or after it. picocli reads such an argument as an unknown option; this rewrites the
 * arguments of a formula command so that every argument starting with a single {@code -} that is
 * neither one of the command's options nor an option's value goes after a {@code --}, with the
 * other positional arguments in their order. An argument starting with {@code --} moves only if
 * its name holds a character no option has ({@code --x - y}, {@code --log(z)}), so an unknown long
 * option (e.g. {@code --bogus}) is still reported as one.
 */
final class FormulaArgs {
  /** The subcommands whose positional argument is a formula. */
  static final Set<String> FORMULA_COMMANDS = Set.of("eval", "grad", "hessian", "trace", "dot");

  private FormulaArgs() {}

  /** {@code args} rewritten for {@code cli} as described above; unchanged if nothing needs moving. */
  static String[] rewrite(CommandLine cli, String... args) {
    if (args.length < 2 || !FORMULA_COMMANDS.contains(args[0]) || !cli.getSubcommands().containsKey(args[0])) {
      return args;
    }
    CommandSpec spec = cli.getSubcommands().get(args[0]).getCommandSpec();
    List<String> options = new ArrayList<>();
    List<String> positional = new ArrayList<>();
    boolean moved = false;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        positional.addAll(List.of(args).subList(i + 1, args.length));
        break;
      }
      OptionSpec option = a.startsWith("-") ? spec.findOption(a.startsWith("--") ? a.split("=", 2)[0] : a) : null;
      if (option != null) {
        options.add(a);
        if (option.arity().max() > 0 && !a.contains("=") && i + 1 < args.length) {
          options.add(args[++i]);
        }
      } else if (a.startsWith("-") && a.length() > 1 && (!a.startsWith("--") || isFormula(a))) {
        positional.add(a);
        moved = true;
      } else if (a.startsWith("-")) {
        options.add(a);
      } else {
        positional.add(a);
      }
    }
    if (!moved) {
      return args;
    }
    List<String> out = new ArrayList<>();
    out.add(args[0]);
    out.addAll(options);
    out.add("--");
    out.addAll(positional);
    return out.toArray(String[]::new);
  }

  /** {@return whether {@code a}, not a known option, holds a character no option name has, as {@code --log(z)} does} */
  private static boolean isFormula(String a) {
    return a.split("=", 2)[0].chars().anyMatch(c -> !Character.isLetterOrDigit(c) && c != '-' && c != '_');
  }
}
