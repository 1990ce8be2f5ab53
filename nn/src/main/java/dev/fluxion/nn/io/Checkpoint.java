package dev.fluxion.nn.io;

import dev.fluxion.autodiff.expr.Expr;
import dev.fluxion.autodiff.tensor.Checks;
import dev.fluxion.autodiff.tensor.DType;
import dev.fluxion.autodiff.tensor.Tensor;
import dev.fluxion.nn.tree.Trees;
import io.vavr.collection.LinkedHashMap;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Training checkpoints: a parameter tree, an optional optimizer state and the step, in one
 * safetensors file written atomically.
 *
 * <p>Parameter leaves are stored as {@code params/<path>} and the optimizer state's {@code Expr}
 * leaves as {@code opt/<path>} (paths as in {@link Trees#flatten}, e.g. {@code params/layers.0.w});
 * {@code __metadata__} holds {@value #VERSION_KEY} = {@value #VERSION}, {@value #STEP_KEY} and
 * {@value #OPT_KEY} ({@code present} or {@code absent}). Loading rebuilds a tree like the caller's
 * template, whose leaves give the expected names and shapes; non-leaf components (ints, strings,
 * hyperparameters) come from the template, so an optimizer counter that must survive a restart
 * belongs in an {@code Expr} leaf.
 *
 * <p>dtypes: each tensor is saved in its own dtype ({@code F64} or {@code F32}), so a float32
 * model saves {@code F32} and loads back bit for bit. Loading converts each tensor to its template
 * leaf's dtype, as PyTorch's {@code load_state_dict} copies into the parameter's dtype: float32
 * data ({@code F32}, and the {@code F16}/{@code BF16} of files written elsewhere) widens exactly
 * into a float64 leaf; {@code F64} data rounds to nearest into a float32 leaf, except that a finite
 * value beyond float32's range is an error (it would become infinite) rather than a silent overflow.
 */
public final class Checkpoint {
  /** The format version this class writes and reads. */
  public static final String VERSION = "1";
  /** The metadata key holding the format version. */
  public static final String VERSION_KEY = "fluxion.checkpoint.version";
  /** The metadata key holding the step. */
  public static final String STEP_KEY = "fluxion.step";
  /** The metadata key recording whether an optimizer state was saved. */
  public static final String OPT_KEY = "fluxion.optimizer";

  private static final String PARAMS = "params/";
  private static final String OPT = "opt/";

  private Checkpoint() {}

  /**
   * A restored checkpoint.
   *
   * @param params the parameter tree, shaped like the template
   * @param state the optimizer state, shaped like the template
   * @param step the step it was saved at, {@code >= 0}
   * @param <P> the parameter tree type
   * @param <S> the optimizer state type
   */
  public record Restored<P, S>(P params, S state, long step) {}

  /**
   * Saves {@code params}, {@code optimizerState} (if not null) and {@code step} to {@code path} atomically.
   *
   * @param path the file to create or replace
   * @param params a parameter tree with constant leaves
   * @param optimizerState an optimizer state tree with constant leaves, or null
   * @param step the training step, {@code >= 0}
   * @throws IllegalArgumentException if {@code params} is null, a leaf is not a constant, or {@code step < 0}
   * @throws IOException if the file cannot be written
   */
  public static void save(Path path, Object params, @Nullable Object optimizerState, long step) throws IOException {
    Checks.notNull(path, "path");
    Checks.notNull(params, "params");
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
    LinkedHashMap<String, Tensor> tensors = prefixed(PARAMS, LinkedHashMap.ofAll(Trees.tensors(params)));
    if (optimizerState != null) {
      tensors = tensors.merge(prefixed(OPT, LinkedHashMap.ofAll(Trees.tensors(optimizerState))));
    }
    LinkedHashMap<String, String> metadata = LinkedHashMap.of(VERSION_KEY, VERSION, STEP_KEY, Long.toString(step),
        OPT_KEY, optimizerState == null ? "absent" : "present");
    SafeTensors.write(path, tensors.toJavaMap(java.util.LinkedHashMap::new, t -> t), metadata.toJavaMap(java.util.LinkedHashMap::new, t -> t));
  }

  /**
   * The parameters saved in {@code path}, as a tree like {@code paramsTemplate}.
   *
   * @param path a checkpoint written by {@link #save}
   * @param paramsTemplate a tree whose leaves have the expected paths, shapes and dtypes (values ignored)
   * @param <P> the parameter record type
   * @return a tree of the template's type with constant leaves from the file, in the leaves' dtypes
   * @throws CheckpointException if the file is invalid, a parameter is missing, extra or of another
   *     shape, or an {@code F64} value overflows a float32 leaf
   * @throws IOException if the file cannot be read
   */
  public static <P> P load(Path path, P paramsTemplate) throws IOException {
    Checks.notNull(paramsTemplate, "paramsTemplate");
    Opened c = open(path);
    return rebuild(path, c.contents().tensors(), PARAMS, paramsTemplate);
  }

  /**
   * The weights of a plain safetensors file, such as PyTorch's {@code safetensors.torch.save_file}
   * writes, as a tree like {@code template}: tensor names are the template's leaf paths (no
   * prefix, no metadata needed), and each tensor is converted to its leaf's dtype as {@link #load} does.
   *
   * @param path a safetensors file of {@code F64}, {@code F32}, {@code F16} or {@code BF16} tensors
   * @param template a tree whose leaves have the expected paths, shapes and dtypes (values ignored)
   * @param <P> the parameter record type
   * @return a tree of the template's type with constant leaves from the file
   * @throws CheckpointException if the file is invalid, a tensor is missing, extra or of another shape,
   *     or an {@code F64} value overflows a float32 leaf
   * @throws IOException if the file cannot be read
   */
  public static <P> P loadWeights(Path path, P template) throws IOException {
    Checks.notNull(path, "path");
    Checks.notNull(template, "template");
    return rebuild(path, SafeTensors.read(path).tensors(), "", template);
  }

  /**
   * The optimizer state saved in {@code path}, as a tree like {@code stateTemplate}.
   *
   * @param path a checkpoint written by {@link #save} with an optimizer state
   * @param stateTemplate a state whose leaves have the expected paths and shapes (e.g. {@code optimizer.init(params)})
   * @param <S> the state type
   * @return a state of the template's type with constant leaves from the file
   * @throws CheckpointException if the file is invalid, holds no optimizer state, or a leaf is missing,
   *     extra or of another shape
   * @throws IOException if the file cannot be read
   */
  public static <S> S loadState(Path path, S stateTemplate) throws IOException {
    Checks.notNull(stateTemplate, "stateTemplate");
    Opened c = open(path);
    return rebuildState(path, c, stateTemplate);
  }

  /**
   * {@return the step saved in {@code path}}
   *
   * @param path a Fluxion checkpoint file
   * @throws CheckpointException if the file is invalid or not a Fluxion checkpoint
   * @throws IOException if the file cannot be read
   */
  public static long step(Path path) throws IOException {
    return open(path).step();
  }

  /**
   * {@return Parameters, optimizer state and step from one read of {@code path}}
   *
   * @param path a checkpoint written by {@link #save} with an optimizer state
   * @param paramsTemplate a tree with the expected parameter paths and shapes
   * @param stateTemplate a state with the expected leaf paths and shapes
   * @param <P> the parameter record type
   * @param <S> the state type
   * @throws CheckpointException as {@link #load} and {@link #loadState}
   * @throws IOException if the file cannot be read
   */
  public static <P, S> Restored<P, S> restore(Path path, P paramsTemplate, S stateTemplate) throws IOException {
    Checks.notNull(paramsTemplate, "paramsTemplate");
    Checks.notNull(stateTemplate, "stateTemplate");
    Opened c = open(path);
    P params = rebuild(path, c.contents().tensors(), PARAMS, paramsTemplate);
    return new Restored<>(params, rebuildState(path, c, stateTemplate), c.step());
  }

  private record Opened(SafeTensors.Contents contents, long step) {}

  private static Opened open(Path path) throws IOException {
    Checks.notNull(path, "path");
    SafeTensors.Contents contents = SafeTensors.read(path);
    LinkedHashMap<String, String> meta = LinkedHashMap.ofAll(contents.metadata());
    String version = meta.get(VERSION_KEY).getOrNull();
    if (version == null) {
      throw new CheckpointException(path, "not a Fluxion checkpoint: no " + VERSION_KEY + " in __metadata__");
    }
    if (!version.equals(VERSION)) {
      throw new CheckpointException(path, "checkpoint format version " + version + " is not supported (expected "
          + VERSION + ")");
    }
    String stepText = meta.get(STEP_KEY).getOrElse("");
    long step;
    try {
      step = Long.parseLong(stepText);
    } catch (NumberFormatException e) {
      step = -1;
    }
    if (step < 0) {
      throw new CheckpointException(path, STEP_KEY + " is \"" + stepText + "\", expected a non-negative integer");
    }
    for (String name : contents.tensors().keySet()) {
      if (!name.startsWith(PARAMS) && !name.startsWith(OPT)) {
        throw new CheckpointException(path, "tensor '" + name + "' is neither under " + PARAMS + " nor " + OPT);
      }
    }
    return new Opened(contents, step);
  }

  private static <S> S rebuildState(Path path, Opened c, S stateTemplate) {
    if (!"present".equals(c.contents().metadata().get(OPT_KEY))) {
      throw new CheckpointException(path, "the checkpoint was saved without an optimizer state");
    }
    return rebuild(path, c.contents().tensors(), OPT, stateTemplate);
  }

  private static <T> T rebuild(Path path, java.util.Map<String, Tensor> all, String prefix, T template) {
    LinkedHashMap<String, Expr> expected = LinkedHashMap.ofAll(Trees.flatten(template).byPath());
    LinkedHashMap<String, Tensor> found = LinkedHashMap.ofAll(all).filterKeys(k -> k.startsWith(prefix))
        .mapKeys(k -> k.substring(prefix.length()));
    for (var e : expected) {
      Tensor t = found.get(e._1).getOrNull();
      if (t == null) {
        throw new CheckpointException(path, "missing tensor '" + prefix + e._1 + "' of shape " + e._2.shape()
            + " (the file has " + found.size() + " tensors" + (prefix.isEmpty() ? "" : " under " + prefix) + ": "
            + names(found.keySet()) + ")");
      }
      if (!t.shape().equals(e._2.shape())) {
        throw new CheckpointException(path, "tensor '" + prefix + e._1 + "' has shape " + t.shape()
            + " in the file but the template expects " + e._2.shape());
      }
      found = found.put(e._1, convert(path, prefix + e._1, t, e._2.dtype()));
    }
    for (String k : found.keySet()) {
      if (!expected.containsKey(k)) {
        throw new CheckpointException(path, "tensor '" + prefix + k + "' in the file has no leaf in the template (template paths: "
            + names(expected.keySet()) + ")");
      }
    }
    return Trees.fromTensors(template, found.toJavaMap(java.util.LinkedHashMap::new, t -> t));
  }

  /** {@code t} in {@code dtype}: widened exactly, or rounded to float32 unless a finite value would overflow. */
  private static Tensor convert(Path path, String name, Tensor t, DType dtype) {
    if (t.dtype() == dtype) {
      return t;
    }
    Tensor out = t.cast(dtype);
    if (dtype == DType.FLOAT32) {
      double[] wide = t.toArray();
      float[] narrow = out.toFloatArray();
      for (int i = 0; i < wide.length; i++) {
        if (Double.isFinite(wide[i]) && Float.isInfinite(narrow[i])) {
          throw new CheckpointException(path, "tensor '" + name + "' element " + i + " = " + wide[i]
              + " (F64) is beyond float32's range (±" + Float.MAX_VALUE + ") of the template's float32 leaf");
        }
      }
    }
    return out;
  }

  private static String names(io.vavr.collection.Set<String> names) {
    String shown = names.take(10).mkString(", ");
    return names.size() > 10 ? shown + ", ... (" + names.size() + " in all)" : shown;
  }

  private static LinkedHashMap<String, Tensor> prefixed(String prefix, LinkedHashMap<String, Tensor> tensors) {
    return tensors.mapKeys(k -> prefix + k);
  }
}
