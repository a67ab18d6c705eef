package dev.kintsugi.runtime.detect;

import java.util.Arrays;
import java.util.Random;

/**
 * An Isolation Forest (Liu, Ting & Zhou 2008): random axis-parallel splits isolate outliers in
 * fewer steps than normal points. Score 2^(−E[h(x)] / c(ψ)) in (0, 1): about 0.5 or less for normal
 * points, towards 1 for points that isolate early. Trees are stored as flat arrays.
 *
 * <p>Written here rather than taken from Smile: Smile 2.6.0 (the last LGPL-3.0 release) has no
 * {@code smile.anomaly} package, and the releases that have {@code IsolationForest} (3.x and later)
 * are no longer under the LGPL.
 */
final class IsolationForest {
  private final Tree[] trees;
  private final double normaliser;

  private IsolationForest(Tree[] trees, int sampleSize) {
    this.trees = trees;
    this.normaliser = averagePathLength(sampleSize);
  }

  /** Grows {@code treeCount} trees, each on a random subsample of at most {@code sampleSize}. */
  static IsolationForest fit(double[][] data, int treeCount, int sampleSize, Random random) {
    if (data.length < 2) {
      throw new IllegalArgumentException("needs at least 2 points, has " + data.length);
    }
    int psi = Math.min(sampleSize, data.length);
    int heightLimit = (int) Math.ceil(Math.log(psi) / Math.log(2));
    Tree[] trees = new Tree[treeCount];
    int[] index = new int[data.length];
    for (int t = 0; t < treeCount; t++) {
      for (int i = 0; i < index.length; i++) {
        index[i] = i;
      }
      for (int i = 0; i < psi; i++) { // partial Fisher-Yates: the first psi are the sample
        int j = i + random.nextInt(index.length - i);
        int tmp = index[i];
        index[i] = index[j];
        index[j] = tmp;
      }
      double[][] sample = new double[psi][];
      for (int i = 0; i < psi; i++) {
        sample[i] = data[index[i]];
      }
      trees[t] = Tree.grow(sample, heightLimit, random);
    }
    return new IsolationForest(trees, psi);
  }

  /** The anomaly score of {@code x} in (0, 1). */
  double score(double[] x) {
    double total = 0;
    for (Tree tree : trees) {
      total += tree.pathLength(x);
    }
    return Math.pow(2, -(total / trees.length) / normaliser);
  }

  /** c(n): the average path length of an unsuccessful search in a binary search tree of n. */
  static double averagePathLength(int n) {
    if (n <= 1) {
      return 0;
    }
    if (n == 2) {
      return 1;
    }
    double harmonic = Math.log(n - 1.0) + 0.5772156649;
    return 2 * harmonic - 2.0 * (n - 1) / n;
  }

  /**
   * One isolation tree as parallel arrays; a leaf has feature −1 and its size in {@code size}. A
   * leaf of identical rows (nothing left to split on) keeps that row: a point that differs from it
   * is isolated there, so a forest grown on a flat series still scores a jump.
   */
  private static final class Tree {
    private int[] feature = new int[16];
    private double[] split = new double[16];
    private int[] left = new int[16];
    private int[] right = new int[16];
    private int[] size = new int[16];
    private double[][] identical = new double[16][];
    private int nodes;

    static Tree grow(double[][] sample, int heightLimit, Random random) {
      Tree tree = new Tree();
      tree.build(sample, 0, sample.length, 0, heightLimit, random);
      return tree;
    }

    private int build(double[][] rows, int from, int to, int depth, int limit, Random random) {
      int node = newNode();
      int n = to - from;
      if (depth >= limit || n <= 1) {
        return leaf(node, n);
      }
      int dims = rows[from].length;
      // Pick a feature that varies in this node (at most dims tries), then a uniform split.
      int start = random.nextInt(dims);
      for (int k = 0; k < dims; k++) {
        int f = (start + k) % dims;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
          min = Math.min(min, rows[i][f]);
          max = Math.max(max, rows[i][f]);
        }
        if (max > min) {
          double s = min + random.nextDouble() * (max - min);
          int mid = partition(rows, from, to, f, s);
          feature[node] = f;
          split[node] = s;
          int l = build(rows, from, mid, depth + 1, limit, random);
          int r = build(rows, mid, to, depth + 1, limit, random);
          left[node] = l;
          right[node] = r;
          return node;
        }
      }
      identical[node] = rows[from];
      return leaf(node, n);
    }

    private int leaf(int node, int n) {
      feature[node] = -1;
      size[node] = n;
      return node;
    }

    private static int partition(double[][] rows, int from, int to, int f, double s) {
      int i = from;
      for (int j = from; j < to; j++) {
        if (rows[j][f] < s) {
          double[] tmp = rows[i];
          rows[i] = rows[j];
          rows[j] = tmp;
          i++;
        }
      }
      return i;
    }

    private int newNode() {
      if (nodes == feature.length) {
        int n = nodes * 2;
        feature = Arrays.copyOf(feature, n);
        split = Arrays.copyOf(split, n);
        left = Arrays.copyOf(left, n);
        right = Arrays.copyOf(right, n);
        size = Arrays.copyOf(size, n);
        identical = Arrays.copyOf(identical, n);
      }
      return nodes++;
    }

    double pathLength(double[] x) {
      int node = 0;
      int depth = 0;
      while (feature[node] >= 0) {
        node = x[feature[node]] < split[node] ? left[node] : right[node];
        depth++;
      }
      if (identical[node] != null && !Arrays.equals(identical[node], x)) {
        return depth + 1;
      }
      return depth + averagePathLength(size[node]);
    }
  }
}
