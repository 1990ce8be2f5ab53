package dev.fluxion.nn.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Learns byte-pair merges from a corpus: the pre-split chunks are counted once as distinct words
 * with frequencies, pair counts are kept in a map and updated incrementally for the words a merge
 * touches, and the next merge comes from a priority queue with lazy deletion.
 *
 * <p>Each step merges the pair with the highest count; ties go to the smallest left id, then the
 * smallest right id. The result is therefore a function of the corpus bytes alone.
 */
final class BpeTrainer {
  private final int[][] words;
  private final int[] lengths;
  private final long[] freq;
  private final Map<Long, Long> counts = new HashMap<>();
  private final Map<Long, Set<Integer>> where = new HashMap<>();
  private final PriorityQueue<Candidate> queue = new PriorityQueue<>();

  /** A pair and the count it had when queued; stale when the count has changed since. */
  private record Candidate(long count, long pair) implements Comparable<Candidate> {
    @Override
    public int compareTo(Candidate o) {
      return count != o.count ? Long.compare(o.count, count) : Long.compare(pair, o.pair);
    }
  }

  private BpeTrainer(byte[] corpus) {
    Map<String, long[]> distinct = new HashMap<>();
    for (int s = 0; s < corpus.length; ) {
      int e = BytePairTokenizer.chunkEnd(corpus, s, corpus.length);
      distinct.computeIfAbsent(new String(corpus, s, e - s, StandardCharsets.ISO_8859_1), k -> new long[1])[0]++;
      s = e;
    }
    List<String> keys = new ArrayList<>(distinct.keySet());
    keys.sort(null);
    words = new int[keys.size()][];
    lengths = new int[keys.size()];
    freq = new long[keys.size()];
    for (int w = 0; w < keys.size(); w++) {
      String k = keys.get(w);
      words[w] = new int[k.length()];
      for (int i = 0; i < k.length(); i++) {
        words[w][i] = k.charAt(i);
      }
      lengths[w] = k.length();
      freq[w] = distinct.get(k)[0];
      for (int i = 0; i + 1 < lengths[w]; i++) {
        long p = pair(words[w][i], words[w][i + 1]);
        counts.merge(p, freq[w], Long::sum);
        where.computeIfAbsent(p, x -> new HashSet<>()).add(w);
      }
    }
    counts.forEach((p, c) -> queue.add(new Candidate(c, p)));
  }

  /**
   * Up to {@code merges} merges learned from {@code corpus}, in rank order: row {@code r} holds the
   * left and right ids merged into id {@code 256 + r}. Fewer rows when no pair is left to merge.
   */
  static int[][] train(byte[] corpus, int merges) {
    BpeTrainer t = new BpeTrainer(corpus);
    List<int[]> out = new ArrayList<>();
    while (out.size() < merges) {
      Candidate c = t.queue.poll();
      if (c == null) {
        break;
      }
      Long now = t.counts.get(c.pair);
      if (now == null || now != c.count) {
        continue;
      }
      int left = (int) (c.pair >>> 32);
      int right = (int) c.pair;
      t.apply(left, right, 256 + out.size());
      out.add(new int[] {left, right});
    }
    return out.toArray(new int[0][]);
  }

  static long pair(int left, int right) {
    return (long) left << 32 | right;
  }

  /** Replaces every {@code left right} by {@code id} in the words holding the pair, updating the counts. */
  private void apply(int left, int right, int id) {
    long merged = pair(left, right);
    Set<Integer> holders = where.remove(merged);
    Map<Long, Long> delta = new HashMap<>();
    for (int w : holders) {
      int[] s = words[w];
      int n = lengths[w];
      if (!contains(s, n, left, right)) {
        continue;
      }
      long f = freq[w];
      for (int i = 0; i + 1 < n; i++) {
        delta.merge(pair(s[i], s[i + 1]), -f, Long::sum);
      }
      int j = 0;
      for (int i = 0; i < n; i++) {
        if (i + 1 < n && s[i] == left && s[i + 1] == right) {
          s[j++] = id;
          i++;
        } else {
          s[j++] = s[i];
        }
      }
      lengths[w] = j;
      for (int i = 0; i + 1 < j; i++) {
        long p = pair(s[i], s[i + 1]);
        delta.merge(p, f, Long::sum);
        if (s[i] == id || s[i + 1] == id) {
          where.computeIfAbsent(p, x -> new HashSet<>()).add(w);
        }
      }
    }
    delta.forEach((p, d) -> {
      if (d != 0) {
        long c = counts.getOrDefault(p, 0L) + d;
        if (c <= 0) {
          counts.remove(p);
        } else {
          counts.put(p, c);
          queue.add(new Candidate(c, p));
        }
      }
    });
    counts.remove(merged);
  }

  private static boolean contains(int[] s, int n, int left, int right) {
    for (int i = 0; i + 1 < n; i++) {
      if (s[i] == left && s[i + 1] == right) {
        return true;
      }
    }
    return false;
  }
}
